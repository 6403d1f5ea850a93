import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { startDatabase } from "@/lib/launch/database";
import { createShutdown } from "@/lib/launch/shutdown";
import { localAuthSecret } from "@/lib/launch/local-secret";
import { appEnvironment, spawnApiService, stopProcess, waitForHealthy } from "@/lib/launch/next-server";
import { ensureApiClientKey } from "@/lib/launch/api-client-key";
import { API_PATH, nginxConfig } from "@/lib/launch/nginx-config";
import { assertPortFree } from "@/lib/launch/port-check";
import { ensurePrismaClient } from "@/lib/launch/prisma-client";
import { ensureProductionBuild } from "@/lib/launch/production-build";
import { startOptionalRedis } from "@/lib/launch/optional-redis";
import { clusterInstances } from "@/lib/launch/cluster-instances";
import { controlSocketPath, serveClusterControl } from "@/lib/launch/cluster-control";

const log = (line: string) => console.log(`[cluster] ${line}`);

const optionsSchema = z.object({
  instances: z.coerce.number().int().min(1).max(8).default(2),
  port: z.coerce.number().int().min(1).max(65535).default(8080),
  "first-instance-port": z.coerce.number().int().min(1).max(65000).default(3301),
  "db-port": z.coerce.number().int().min(1).max(65535).default(25469),
  // The one API service, on its own port and behind nginx at /api-service/.
  "api-port": z.coerce.number().int().min(1).max(65535).default(3300),
  "data-dir": z.string().min(1).default(".data/cluster"),
  sticky: z.boolean().default(false),
});
type ClusterOptions = z.infer<typeof optionsSchema>;

function findNginx(): string {
  const found = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"].find((candidate) => existsSync(candidate));
  if (!found) throw new Error("nginx is not installed: `apt-get install nginx` (Debian) and run again");
  return found;
}

// Installed first, so an interrupt at any point stops whatever has been started by then.
const lifecycle = createShutdown(log);
const { shutdown, onShutdown } = lifecycle;

async function startCluster(options: ClusterOptions) {
  const dataDir = path.resolve(options["data-dir"]);
  const instancePorts = Array.from({ length: options.instances }, (_, index) => options["first-instance-port"] + index);
  const nginxBinary = findNginx();

  // Refuse early and clearly, before building or starting anything.
  await assertPortFree(options.port, "the load balancer");
  for (const port of instancePorts) await assertPortFree(port, "an instance");
  await assertPortFree(options["api-port"], "the API service");
  if (!process.env.DATABASE_URL) await assertPortFree(options["db-port"], "PostgreSQL");

  await ensurePrismaClient(log);
  await ensureProductionBuild(log);
  // One secret for every instance: each must decrypt the others' tokens.
  const secret = await localAuthSecret(dataDir, log);
  // Registered before it resolves: a signal mid-start waits for the database, then stops it.
  const starting = startDatabase({ dataDir, port: options["db-port"], log });
  onShutdown(async () => (await starting.catch(() => undefined))?.stop());
  const database = await starting;
  // One Redis for every instance, like the one database: a shared session store.
  const redis = await startOptionalRedis({ dataDir, log }, onShutdown);
  const publicUrl = `http://localhost:${options.port}`;
  const apiKey = await ensureApiClientKey(dataDir, log);
  // Clients reach the API through the load balancer, so that is the resource its tokens name (and its audience).
  const apiResource = process.env.OIDC_API_RESOURCE ?? `${publicUrl}${API_PATH}`;
  const instanceEnv = (name: string) => ({
    ...appEnvironment({
      dev: false,
      databaseUrl: database.url,
      redisUrl: redis?.url,
      secret,
      publicUrl,
      instanceName: name,
      dataDir,
      apiResource,
      apiClientJwksFile: apiKey.publicJwksFile,
    }),
    // nginx sets X-Forwarded-For to the peer it saw: one hop to believe, and only from nginx's own address.
    AUTH_TRUSTED_PROXY_HOPS: "1",
    AUTH_TRUSTED_PROXIES: "127.0.0.1",
  });

  const instances = clusterInstances({
    ports: instancePorts,
    env: instanceEnv,
    onUnexpectedExit: (name, code) => {
      if (!lifecycle.stopping) log(`${name} exited with code ${String(code)}; stopping the cluster`);
      void shutdown(code ?? 1);
    },
  });
  onShutdown(() => instances.stopAll());
  await instances.start();
  // One API for the whole cluster: it holds no state, and the instances share one provider (one key file, one database).
  const api = spawnApiService({
    port: options["api-port"],
    hostname: "127.0.0.1",
    siteEnv: instanceEnv("api"),
    clientKeyFile: apiKey.privateKeyFile,
    label: "api",
  });
  onShutdown(() => stopProcess(api));
  api.on("exit", (code) => {
    if (!lifecycle.stopping) log(`The API service exited with code ${String(code)}; stopping the cluster`);
    void shutdown(code ?? 1);
  });
  await waitForHealthy(`http://127.0.0.1:${options["api-port"]}/health`, api, 30_000);
  // Listening before nginx serves: whoever sees the cluster answer can already restart an instance.
  const socket = controlSocketPath(dataDir);
  const closeControl = await serveClusterControl(socket, (name) => {
    log(`Restarting ${name} on request…`);
    return instances.restart(name).then(() => log(`${name} is back (its memory sessions are gone)`));
  });
  onShutdown(closeControl);

  const prefix = path.join(dataDir, "nginx");
  await mkdir(prefix, { recursive: true });
  const configFile = path.join(prefix, "nginx.conf");
  const routing = options.sticky ? "sticky" : "round-robin";
  await writeFile(
    configFile,
    nginxConfig({
      listenPort: options.port,
      upstreamPorts: instancePorts,
      apiPort: options["api-port"],
      prefix,
      runAsRoot: userInfo().uid === 0,
      routing,
    }),
  );
  const nginx = spawn(nginxBinary, ["-p", prefix, "-c", configFile, "-e", "stderr"], { stdio: ["ignore", "inherit", "inherit"] });
  onShutdown(() => stopProcess(nginx, "SIGQUIT"));
  nginx.on("exit", (code) => {
    if (!lifecycle.stopping) log(`nginx exited with code ${String(code)}; stopping the cluster`);
    void shutdown(code ?? 1);
  });
  await waitForHealthy(`${publicUrl}/api/health`, nginx, 15_000);

  log(
    options.sticky
      ? `${options.instances} instances behind nginx at ${publicUrl} (sticky: each browser stays on the instance its lab_lb_route cookie hashes to). Ctrl-C stops everything.`
      : `${options.instances} instances behind nginx at ${publicUrl} (round-robin, no sticky sessions). Ctrl-C stops everything.`,
  );
  log(
    `The API service: ${apiResource} (and http://127.0.0.1:${options["api-port"]}), tokens checked: ${process.env.API_TOKEN_CHECK ?? "local"}`,
  );
  log(`Restart one instance: curl -X POST --unix-socket ${socket} http://cluster/instances/instance-1/restart`);
}

/** The cluster check, with the loader that lets it run the app's server-only modules outside Next. */
const CLUSTER_CHECK = ["--import", "tsx", "--import", "./lib/launch/server-code-outside-next.mjs", "bench/cluster/check.ts"];

/**
 * `--check`: the cluster check, which is measuring code and lives in bench/; it runs this launcher as its
 * child, once per routing, and measures it from outside. Resolves to its exit code.
 */
function runClusterCheck(): Promise<number> {
  const check = spawn(process.execPath, [...CLUSTER_CHECK, ...process.argv.slice(2)], { stdio: "inherit" });
  // Time for the check to stop the cluster it is running before it is killed.
  onShutdown(() => stopProcess(check, "SIGTERM", 120_000));
  return new Promise((resolve) => check.on("exit", (code) => resolve(code ?? 1)));
}

async function main() {
  if (process.argv.includes("--check")) return shutdown(await runClusterCheck());
  const { values } = parseArgs({
    options: {
      instances: { type: "string" },
      port: { type: "string" },
      "first-instance-port": { type: "string" },
      "db-port": { type: "string" },
      "api-port": { type: "string" },
      "data-dir": { type: "string" },
      sticky: { type: "boolean" },
    },
  });
  await startCluster(optionsSchema.parse(values));
}

main().catch(async (error: unknown) => {
  console.error(`[cluster] Could not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
