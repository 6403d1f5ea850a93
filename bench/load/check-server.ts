import { appEnvironment, spawnNextServer, stopProcess, waitForHealthy } from "@/lib/launch/next-server";
import { assertProductionServer } from "@/bench/load/target";

export type CheckServer = { baseUrl: string; pid?: number; stop: () => Promise<void> };

/**
 * A second server of the site's production build on the same database, with the token revocation
 * check on: AUTH_JWT_REVOCATION_CHECK is deployment configuration, read once per process, so a
 * token read with the check needs a server of its own.
 */
export async function startRevocationCheckServer(options: {
  port: number;
  databaseUrl: string;
  redisUrl?: string;
  secret: string;
  dataDir: string;
  /** More settings for this server (the bench gives its provider the introspecting API). */
  env?: Record<string, string>;
}): Promise<CheckServer> {
  const publicUrl = `http://localhost:${options.port}`;
  const env = {
    ...appEnvironment({
      dev: false,
      databaseUrl: options.databaseUrl,
      redisUrl: options.redisUrl,
      secret: options.secret,
      publicUrl,
      instanceName: `bench-revocation-check:${options.port}`,
      dataDir: options.dataDir,
    }),
    AUTH_URL: publicUrl,
    AUTH_JWT_REVOCATION_CHECK: "on",
    LAB_OUTBOX: "off",
    // The bench's own loaders (tsx, the server-only shim) must not reach the server.
    NODE_OPTIONS: "",
    ...options.env,
  };
  const child = spawnNextServer({ dev: false, port: options.port, hostname: "127.0.0.1", env, label: "check" });
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const stop = () => stopProcess(child);
  try {
    await waitForHealthy(`${baseUrl}/api/health`, child, 120_000);
    await assertProductionServer(baseUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, pid: child.pid, stop };
}
