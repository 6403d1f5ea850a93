import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { startDatabase } from "@/lib/launch/database";
import { createShutdown } from "@/lib/launch/shutdown";
import { defined } from "@/lib/defined";
import { localAuthSecret } from "@/lib/launch/local-secret";
import { appEnvironment, spawnNextServer, stopProcess, waitForHealthy } from "@/lib/launch/next-server";
import { nginxConfig } from "@/lib/launch/nginx-config";
import { assertPortFree } from "@/lib/launch/port-check";
import { ensurePrismaClient } from "@/lib/launch/prisma-client";
import { ensureProductionBuild } from "@/lib/launch/production-build";
import { startOptionalRedis } from "@/lib/launch/optional-redis";

const log = (line: string) => console.log(`[cluster] ${line}`);

const optionsSchema = z.object({
  instances: z.coerce.number().int().min(1).max(8).default(2),
  port: z.coerce.number().int().min(1).max(65535).default(8080),
  "first-instance-port": z.coerce.number().int().min(1).max(65000).default(3301),
  "db-port": z.coerce.number().int().min(1).max(65535).default(25469),
  "data-dir": z.string().min(1).default(".data/cluster"),
});

function findNginx(): string {
  const found = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"].find((candidate) => existsSync(candidate));
  if (!found) throw new Error("nginx is not installed: `apt-get install nginx` (Debian) and run again");
  return found;
}

// Installed first, so an interrupt at any point stops whatever has been started by then.
const lifecycle = createShutdown(log);
const { shutdown, onShutdown } = lifecycle;

async function main() {
  const { values } = parseArgs({
    options: {
      instances: { type: "string" },
      port: { type: "string" },
      "first-instance-port": { type: "string" },
      "db-port": { type: "string" },
      "data-dir": { type: "string" },
    },
  });
  const options = optionsSchema.parse(values);
  const dataDir = path.resolve(options["data-dir"]);
  const instancePorts = Array.from({ length: options.instances }, (_, index) => options["first-instance-port"] + index);
  const nginxBinary = findNginx();

  // Refuse early and clearly, before building or starting anything.
  await assertPortFree(options.port, "the load balancer");
  for (const port of instancePorts) await assertPortFree(port, "an instance");
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

  const instances: ChildProcess[] = instancePorts.map((port, index) => {
    const name = `instance-${index + 1}`;
    const env = {
      ...appEnvironment({ dev: false, databaseUrl: database.url, redisUrl: redis?.url, secret, publicUrl, instanceName: name }),
      // nginx sets X-Forwarded-For to the peer it saw: one hop to believe.
      AUTH_TRUSTED_PROXY_HOPS: "1",
    };
    const child = spawnNextServer({ dev: false, port, hostname: "127.0.0.1", env, label: name });
    child.on("exit", (code) => {
      if (!lifecycle.stopping) log(`${name} exited with code ${String(code)}; stopping the cluster`);
      void shutdown(code ?? 1);
    });
    return child;
  });
  onShutdown(() => Promise.all(instances.map((instance) => stopProcess(instance))));
  await Promise.all(
    instances.map((child, index) =>
      waitForHealthy(`http://127.0.0.1:${defined(instancePorts[index], "a port for each instance")}/api/health`, child),
    ),
  );

  const prefix = path.join(dataDir, "nginx");
  await mkdir(prefix, { recursive: true });
  const configFile = path.join(prefix, "nginx.conf");
  await writeFile(
    configFile,
    nginxConfig({ listenPort: options.port, upstreamPorts: instancePorts, prefix, runAsRoot: userInfo().uid === 0 }),
  );
  const nginx = spawn(nginxBinary, ["-p", prefix, "-c", configFile, "-e", "stderr"], { stdio: ["ignore", "inherit", "inherit"] });
  onShutdown(() => stopProcess(nginx, "SIGQUIT"));
  nginx.on("exit", (code) => {
    if (!lifecycle.stopping) log(`nginx exited with code ${String(code)}; stopping the cluster`);
    void shutdown(code ?? 1);
  });
  await waitForHealthy(`${publicUrl}/api/health`, nginx, 15_000);
  log(`${options.instances} instances behind nginx at ${publicUrl} (round-robin, no sticky sessions). Ctrl-C stops everything.`);
}

main().catch(async (error: unknown) => {
  console.error(`[cluster] Could not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
