import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { nginxConfig, ROUTE_COOKIE_NAME, type ClusterRouting } from "@/lib/launch/nginx-config";

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
