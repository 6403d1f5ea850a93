import { execFile, spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, request, type IncomingHttpHeaders } from "node:http";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { nginxConfig, ROUTE_COOKIE_NAME, type ClusterRouting } from "@/lib/launch/nginx-config";
import { stopProcess, waitForHealthy } from "@/lib/launch/next-server";

const NGINX = "/usr/sbin/nginx";

/** nginx's own verdict on a generated configuration (`nginx -t`). */
async function nginxAccepts(routing: ClusterRouting): Promise<string> {
  const prefix = await mkdtemp(path.join(tmpdir(), "nginx-config-"));
  const file = path.join(prefix, "nginx.conf");
  await writeFile(
    file,
    nginxConfig({ listenPort: 8099, upstreamPorts: [3339, 3340], prefix, runAsRoot: userInfo().uid === 0, routing }),
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
});

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const listener = createTcpServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port } = listener.address() as AddressInfo;
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  return port;
}

describe("nginx in front of the instances", () => {
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
