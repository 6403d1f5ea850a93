import { execFile, spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, request, type IncomingHttpHeaders } from "node:http";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { API_PATH, nginxConfig, ROUTE_COOKIE_NAME, type ClusterRouting } from "@/lib/launch/nginx-config";
import { stopProcess, waitForHealthy } from "@/lib/launch/next-server";

const NGINX = "/usr/sbin/nginx";

/** nginx's own verdict on a generated configuration (`nginx -t`). */
async function nginxAccepts(routing: ClusterRouting): Promise<string> {
  const prefix = await mkdtemp(path.join(tmpdir(), "nginx-config-"));
  const file = path.join(prefix, "nginx.conf");
  await writeFile(
    file,
    nginxConfig({
      listenPort: 8099,
      upstreamPorts: [3339, 3340],
      apiPort: 3338,
      prefix,
      runAsRoot: userInfo().uid === 0,
      routing,
    }),
  );
  const { stderr } = await promisify(execFile)(NGINX, ["-t", "-p", prefix, "-c", file, "-e", "stderr"]);
  return stderr;
}

describe("nginxConfig", () => {
  it.each(["round-robin", "sticky"] as const)("writes a %s configuration nginx accepts", async (routing) => {
    expect(await nginxAccepts(routing)).toContain("test is successful");
  });

  it("hashes the routing cookie only when sticky", () => {
    const options = { listenPort: 8099, upstreamPorts: [3339], prefix: "/tmp/x", runAsRoot: false };
    expect(nginxConfig({ ...options, routing: "sticky" })).toContain("hash $lab_route_key consistent;");
    expect(nginxConfig({ ...options, routing: "sticky" })).toContain(`$cookie_${ROUTE_COOKIE_NAME}`);
    expect(nginxConfig({ ...options, routing: "round-robin" })).not.toContain("hash ");
    expect(nginxConfig(options)).not.toContain("hash ");
  });

  it("serves the API service at /api-service/ only when it is given one", () => {
    const options = { listenPort: 8099, upstreamPorts: [3339], prefix: "/tmp/x", runAsRoot: false };
    expect(nginxConfig({ ...options, apiPort: 3338 })).toContain(`location ${API_PATH}/ {`);
    expect(nginxConfig({ ...options, apiPort: 3338 })).toContain("server 127.0.0.1:3338;");
    expect(nginxConfig(options)).not.toContain(API_PATH);
  });
});

/** A server that answers with the path and headers it received, as an instance or the API behind nginx. */
async function echoServer(name: string) {
  const server = createServer((req, res) => res.end(JSON.stringify({ name, url: req.url, headers: req.headers })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const listener = createTcpServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port } = listener.address() as AddressInfo;
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  return port;
}

describe("nginx in front of the instances", () => {
  it("routes /api-service/ to the API with the prefix stripped, and everything else to the instances", async () => {
    const [instance, apiService] = [await echoServer("instance"), await echoServer("api")];
    const listenPort = await freePort();
    const prefix = await mkdtemp(path.join(tmpdir(), "nginx-api-"));
    const file = path.join(prefix, "nginx.conf");
    const config = {
      listenPort,
      upstreamPorts: [instance.port],
      apiPort: apiService.port,
      prefix,
      runAsRoot: userInfo().uid === 0,
    };
    await writeFile(file, nginxConfig(config));
    const nginx = spawn(NGINX, ["-p", prefix, "-c", file, "-e", "stderr"], { stdio: "ignore" });
    try {
      await waitForHealthy(`http://127.0.0.1:${listenPort}/`, nginx, 15_000);
      const seen = async (route: string) => {
        const response = await fetch(`http://127.0.0.1:${listenPort}${route}`, { headers: { authorization: "Bearer abc" } });
        return (await response.json()) as { name: string; url: string; headers: IncomingHttpHeaders };
      };
      expect(await seen(`${API_PATH}/me`)).toMatchObject({ name: "api", url: "/me", headers: { authorization: "Bearer abc" } });
      expect(await seen(`${API_PATH}/notes?x=1`)).toMatchObject({ name: "api", url: "/notes?x=1" });
      expect(await seen("/api/me")).toMatchObject({ name: "instance", url: "/api/me" });
      expect(await seen(`${API_PATH}x/me`)).toMatchObject({ name: "instance", url: `${API_PATH}x/me` });
    } finally {
      await stopProcess(nginx, "SIGQUIT");
      await Promise.all([instance.close(), apiService.close()]);
    }
  });

  it("passes on the address it saw, and none of the forwarded headers a client wrote", async () => {
    // An upstream that answers with the headers it received.
    const upstream = createServer((req, res) => res.end(JSON.stringify(req.headers)));
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const upstreamPort = (upstream.address() as AddressInfo).port;
    const listenPort = await freePort();
    const prefix = await mkdtemp(path.join(tmpdir(), "nginx-run-"));
    const file = path.join(prefix, "nginx.conf");
    await writeFile(file, nginxConfig({ listenPort, upstreamPorts: [upstreamPort], prefix, runAsRoot: userInfo().uid === 0 }));
    const nginx = spawn(NGINX, ["-p", prefix, "-c", file, "-e", "stderr"], { stdio: "ignore" });
    try {
      await waitForHealthy(`http://127.0.0.1:${listenPort}/`, nginx, 15_000);
      const seen = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
        const forged = {
          "x-forwarded-host": "evil.example",
          forwarded: "for=127.0.0.1;host=evil.example",
          "x-forwarded-for": "127.0.0.1",
        };
        request({ host: "127.0.0.1", port: listenPort, path: "/", headers: forged }, (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
          res.on("end", () => resolve(JSON.parse(body) as IncomingHttpHeaders));
        })
          .on("error", reject)
          .end();
      });
      expect(seen["x-forwarded-host"]).toBeUndefined();
      expect(seen.forwarded).toBeUndefined();
      expect(seen["x-forwarded-for"]).toBe("127.0.0.1");
      expect(seen.host).toBe(`127.0.0.1:${listenPort}`);
    } finally {
      await stopProcess(nginx, "SIGQUIT");
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });
});
