import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { startDatabase, type LaunchDatabase } from "@/lib/launch/database";
import { localAuthSecret } from "@/lib/launch/local-secret";
import { appEnvironment, spawnNextServer, stopProcess, waitForHealthy } from "@/lib/launch/next-server";
import { nginxConfig } from "@/lib/launch/nginx-config";
import { assertPortFree } from "@/lib/launch/port-check";
import { ensurePrismaClient } from "@/lib/launch/prisma-client";
import { ensureProductionBuild } from "@/lib/launch/production-build";

const log = (line: string) => console.log(`[cluster] ${line}`);

const optionsSchema = z.object({
  instances: z.coerce.number().int().min(1).max(8).default(2),
  port: z.coerce.number().int().min(1).max(65535).default(8080),
  "first-instance-port": z.coerce.number().int().min(1).max(65000).default(3301),
  "db-port": z.coerce.number().int().min(1).max(65535).default(54369),
  "data-dir": z.string().min(1).default(".data/cluster"),
});

function findNginx(): string {
  const found = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"].find((candidate) => existsSync(candidate));
  if (!found) throw new Error("nginx is not installed: `apt-get install nginx` (Debian) and run again");
  return found;
}

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

  let stopping = false;
  let database: LaunchDatabase | undefined;
  const instances: ChildProcess[] = [];
  let nginx: ChildProcess | undefined;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("Stopping nginx, the instances and the database…");
    await stopProcess(nginx, "SIGQUIT");
    await Promise.all(instances.map((instance) => stopProcess(instance)));
    await database?.stop();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(0));

  await ensurePrismaClient(log);
  await ensureProductionBuild(log);
  // One secret for every instance: each must decrypt the others' tokens.
  const secret = await localAuthSecret(dataDir, log);
  database = await startDatabase({ dataDir, port: options["db-port"], log });
  const publicUrl = `http://localhost:${options.port}`;

  instancePorts.forEach((port, index) => {
    const name = `instance-${index + 1}`;
    const env = appEnvironment({ dev: false, databaseUrl: database!.url, secret, publicUrl, instanceName: name });
    const child = spawnNextServer({ dev: false, port, hostname: "127.0.0.1", env, label: name });
    child.on("exit", (code) => {
      if (!stopping) log(`${name} exited with code ${code}; stopping the cluster`);
      void stop(code ?? 1);
    });
    instances.push(child);
  });
  await Promise.all(
    instances.map((child, index) => waitForHealthy(`http://127.0.0.1:${instancePorts[index]}/api/health`, child)),
  );

  const prefix = path.join(dataDir, "nginx");
  await mkdir(prefix, { recursive: true });
  const configFile = path.join(prefix, "nginx.conf");
  await writeFile(
    configFile,
    nginxConfig({ listenPort: options.port, upstreamPorts: instancePorts, prefix, runAsRoot: userInfo().uid === 0 }),
  );
  nginx = spawn(nginxBinary, ["-p", prefix, "-c", configFile, "-e", "stderr"], { stdio: ["ignore", "inherit", "inherit"] });
  nginx.on("exit", (code) => {
    if (!stopping) log(`nginx exited with code ${code}; stopping the cluster`);
    void stop(code ?? 1);
  });
  await waitForHealthy(`${publicUrl}/api/health`, nginx, 15_000);
  log(`${options.instances} instances behind nginx at ${publicUrl} (round-robin, no sticky sessions). Ctrl-C stops everything.`);
}

main().catch((error: unknown) => {
  console.error(`[cluster] Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
