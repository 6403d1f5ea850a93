import { chmod, mkdir, rm } from "node:fs/promises";
import { createServer, request } from "node:http";
import path from "node:path";

const RESTART_PATH = /^\/instances\/(instance-\d+)\/restart$/;

/** The socket a running cluster listens on for control requests, in a folder of its own under the data folder. */
export const controlSocketPath = (dataDir: string) => path.join(dataDir, "control", "control.sock");

/**
 * A running cluster's control: `POST /instances/instance-N/restart` on a Unix socket only its owner can
 * open, so a check or a test can restart an instance and watch what its sessions do. Resolves to its close.
 */
export async function serveClusterControl(
  socketPath: string,
  restart: (name: string) => Promise<void>,
): Promise<() => Promise<void>> {
  // The socket is born in a folder only its owner can enter: no moment where another user could connect.
  const folder = path.dirname(socketPath);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await chmod(folder, 0o700);
  // A socket file left by a cluster that was killed would make listen fail with EADDRINUSE.
  await rm(socketPath, { force: true });
  const server = createServer((req, res) => {
    const name = req.method === "POST" ? RESTART_PATH.exec(req.url ?? "")?.[1] : undefined;
    if (!name) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Only POST /instances/instance-N/restart is served here\n");
      return;
    }
    restart(name).then(
      () => res.writeHead(200, { "content-type": "text/plain" }).end(`${name} restarted\n`),
      (error: unknown) => {
        // The reason goes to the cluster's own log; the caller learns only that it failed.
        console.error(`[cluster] Restarting ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        res.writeHead(500, { "content-type": "text/plain" }).end(`Restarting ${name} failed; the cluster's log says why\n`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, resolve);
  });
  await chmod(socketPath, 0o600);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Asks the cluster listening on `socketPath` to restart `name`; resolves once it serves again. */
export function restartClusterInstance(socketPath: string, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method: "POST", path: `/instances/${name}/restart` }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      res.on("end", () =>
        res.statusCode === 200
          ? resolve()
          : reject(new Error(`Restarting ${name} failed: ${body.trim() || String(res.statusCode)}`)),
      );
    });
    req.on("error", reject);
    req.end();
  });
}
