import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { z } from "zod";
import { startDatabase } from "@/lib/launch/database";
import { localAuthSecret } from "@/lib/launch/local-secret";
import { ensurePrismaClient } from "@/lib/launch/prisma-client";
import { ensureProductionBuild } from "@/lib/launch/production-build";
import { localBin } from "@/lib/launch/run-command";

const log = (line: string) => console.log(`[lab] ${line}`);

const optionsSchema = z.object({
  dev: z.boolean().default(false),
  port: z.coerce.number().int().min(1).max(65535).default(Number(process.env.PORT ?? 3000)),
  "db-port": z.coerce.number().int().min(1).max(65535).default(54329),
  "data-dir": z.string().min(1).default(".data"),
});

async function main() {
  const { values } = parseArgs({
    options: {
      dev: { type: "boolean" },
      port: { type: "string" },
      "db-port": { type: "string" },
      "data-dir": { type: "string" },
    },
  });
  const options = optionsSchema.parse(values);

  await ensurePrismaClient(log);
  if (!options.dev) await ensureProductionBuild(log);
  const secret = await localAuthSecret(options["data-dir"], log);
  const database = await startDatabase({ dataDir: options["data-dir"], port: options["db-port"], log });

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: options.dev ? "development" : "production",
    DATABASE_URL: database.url,
    AUTH_SECRET: secret,
    // A local run without SMTP delivers magic links to the outbox page; real deployments set neither.
    LAB_OUTBOX: process.env.LAB_OUTBOX ?? (process.env.EMAIL_SERVER ? "off" : "on"),
  };
  const next = spawn(localBin("next"), [options.dev ? "dev" : "start", "--port", String(options.port)], { stdio: "inherit", env });
  log(`Serving on http://localhost:${options.port} (Ctrl-C stops the site and its database)`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    next.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  next.on("exit", async (code) => {
    await database.stop();
    if (database.embedded) log("PostgreSQL stopped");
    process.exit(stopping ? 0 : (code ?? 1));
  });
}

main().catch((error: unknown) => {
  console.error(`[lab] Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
