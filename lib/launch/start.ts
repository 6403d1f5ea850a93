import { parseArgs } from "node:util";
import { z } from "zod";
import { ensureApiClientKey } from "@/lib/launch/api-client-key";
import { startDatabase } from "@/lib/launch/database";
import { localAuthSecret } from "@/lib/launch/local-secret";
import { appEnvironment, spawnApiService, spawnAttackerSite, spawnNextServer, stopProcess } from "@/lib/launch/next-server";
import { ensurePrismaClient } from "@/lib/launch/prisma-client";
import { ensureProductionBuild } from "@/lib/launch/production-build";
import { startOptionalRedis } from "@/lib/launch/optional-redis";
import { createShutdown } from "@/lib/launch/shutdown";

const log = (line: string) => console.log(`[lab] ${line}`);

const optionsSchema = z.object({
  dev: z.boolean().default(false),
  port: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .default(Number(process.env.PORT ?? 3000)),
  // Loopback by default: the development outbox hands out sign-in links to whoever can reach it.
  hostname: z.string().min(1).default("127.0.0.1"),
  "db-port": z.coerce.number().int().min(1).max(65535).default(25429),
  "data-dir": z.string().min(1).default(".data"),
  // 0: a free port, chosen when Redis starts.
  "redis-port": z.coerce.number().int().min(0).max(65535).default(0),
  // The API service (api/), beside the site; its URL is also the resource its access tokens name. 0: none (the bench runs its own).
  "api-port": z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(Number(process.env.API_PORT ?? 3100)),
  // The demonstration attacker's site (attacker/), always on 127.0.0.1: another site than localhost. 0: none.
  "attacker-port": z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(Number(process.env.ATTACKER_PORT ?? 3300)),
});

// Installed first, so an interrupt during the build or the database start still cleans up.
const { shutdown, onShutdown } = createShutdown(log);

async function main() {
  const { values } = parseArgs({
    options: {
      dev: { type: "boolean" },
      port: { type: "string" },
      hostname: { type: "string" },
      "db-port": { type: "string" },
      "data-dir": { type: "string" },
      "redis-port": { type: "string" },
      "api-port": { type: "string" },
      "attacker-port": { type: "string" },
    },
  });
  const options = optionsSchema.parse(values);

  await ensurePrismaClient(log);
  if (!options.dev) await ensureProductionBuild(log);
  const secret = await localAuthSecret(options["data-dir"], log);
  // Registered before it resolves: a signal mid-start waits for the database, then stops it.
  const starting = startDatabase({ dataDir: options["data-dir"], port: options["db-port"], log });
  onShutdown(async () => {
    const database = await starting.catch(() => undefined);
    await database?.stop();
    if (database?.embedded) log("PostgreSQL stopped");
  });
  const database = await starting;
  const redis = await startOptionalRedis({ dataDir: options["data-dir"], port: options["redis-port"], log }, onShutdown);
  const apiKey = await ensureApiClientKey(options["data-dir"], log);

  const env = appEnvironment({
    dev: options.dev,
    databaseUrl: database.url,
    redisUrl: redis?.url,
    secret,
    publicUrl: `http://localhost:${options.port}`,
    instanceName: process.env.LAB_INSTANCE_NAME ?? `localhost:${options.port}`,
    dataDir: options["data-dir"],
    apiResource: process.env.OIDC_API_RESOURCE ?? `http://localhost:${options["api-port"]}`,
    apiClientJwksFile: apiKey.publicJwksFile,
    attackerUrl: options["attacker-port"] > 0 ? `http://127.0.0.1:${options["attacker-port"]}` : undefined,
  });
  const next = spawnNextServer({ dev: options.dev, port: options.port, hostname: options.hostname, env });
  onShutdown(() => stopProcess(next));
  next.on("exit", (code) => void shutdown(code ?? 1));
  if (options["api-port"] > 0) {
    const api = spawnApiService({
      port: options["api-port"],
      hostname: options.hostname,
      siteEnv: env,
      clientKeyFile: apiKey.privateKeyFile,
    });
    onShutdown(() => stopProcess(api));
    api.on("exit", (code) => void shutdown(code ?? 1));
  }
  if (options["attacker-port"] > 0) {
    const attacker = spawnAttackerSite({ port: options["attacker-port"], siteEnv: env });
    onShutdown(() => stopProcess(attacker));
    attacker.on("exit", (code) => void shutdown(code ?? 1));
  }
  log(
    `Serving on ${String(env.AUTH_URL)}, the API on ${String(env.OIDC_API_RESOURCE)} (tokens checked: ${String(env.API_TOKEN_CHECK)}; Ctrl-C stops them, the database and Redis)`,
  );
}

main().catch(async (error: unknown) => {
  console.error(`[lab] Could not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
