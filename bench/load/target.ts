import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { waitForHealthy } from "@/lib/launch/next-server";

export type BenchTarget = {
  baseUrl: string;
  databaseUrl: string;
  /** The process tree to sample memory from, when the bench started the server itself. */
  serverPid?: number;
  stop: () => Promise<void>;
};

const healthSchema = z.object({ ok: z.boolean(), build: z.enum(["production", "development"]) });

/** Only this machine's own addresses may be loaded. */
export function assertLoopback(url: URL) {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host)) return;
  throw new Error(`Refusing to load ${url.host}: the benchmark only targets this machine (localhost, 127.0.0.0/8, ::1)`);
}

/** A production server that answers /api/health, or a clear refusal. */
export async function assertProductionServer(baseUrl: string) {
  const response = await fetch(new URL("/api/health", baseUrl)).catch((error: unknown) => {
    throw new Error(`No server answers at ${baseUrl} (${error instanceof Error ? error.message : String(error)})`);
  });
  const health = healthSchema.safeParse(await response.json().catch(() => null));
  if (!health.success) throw new Error(`${baseUrl} is not Session vs Token Lab (no /api/health)`);
  if (health.data.build !== "production") {
    throw new Error(`${baseUrl} is a development server; its numbers would lie. Run \`npm start\` and bench that, or omit --url`);
  }
  if (!health.data.ok) throw new Error(`${baseUrl} cannot reach its database`);
}

/** Builds if needed and starts a production server with its own embedded PostgreSQL. */
export async function startOwnServer(options: { port: number; dbPort: number; dataDir: string }): Promise<BenchTarget> {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "lib/launch/start.ts",
      "--port",
      String(options.port),
      "--data-dir",
      options.dataDir,
      "--db-port",
      String(options.dbPort),
      // The bench starts the API services it loads itself, to know their processes.
      "--api-port",
      "0",
      // Nor the demonstration attacker: nothing it measures.
      "--attacker-port",
      "0",
    ],
    { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, LAB_OUTBOX: "off", NODE_OPTIONS: "" } },
  );
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) {
        resolve();
        return;
      }
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  try {
    await waitForHealthy(`${baseUrl}/api/health`, child, 300_000);
    await assertProductionServer(baseUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  const databaseUrl = process.env.DATABASE_URL ?? (await readFile(path.join(options.dataDir, "database-url"), "utf8"));
  return { baseUrl, databaseUrl, serverPid: child.pid, stop };
}

/** An already running production server on this machine, and the database it uses. */
export async function attachToServer(url: string, dataDir: string): Promise<BenchTarget> {
  const parsed = new URL(url);
  assertLoopback(parsed);
  await assertProductionServer(parsed.origin);
  const databaseUrl =
    process.env.DATABASE_URL ??
    (await readFile(path.join(dataDir, "database-url"), "utf8").catch(() => {
      throw new Error(`Set DATABASE_URL to the database of ${parsed.origin} (or --data-dir to the folder \`npm start\` used)`);
    }));
  return { baseUrl: parsed.origin, databaseUrl, stop: () => Promise.resolve() };
}
