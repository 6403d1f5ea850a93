import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/launch/embedded-postgres";
import { migrate } from "@/lib/db/migrate";
import { describeDatabaseUrl } from "@/lib/db/describe-database-url";

export type LaunchDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

const RETRY_FOR_MS = 120_000;

/** Migrates, retrying while the database cannot be reached (it may be starting too). */
async function migrateWhenReachable(url: string, log: (line: string) => void) {
  const deadline = Date.now() + RETRY_FOR_MS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await migrate(url, "prisma/migrations");
    } catch (error) {
      const code = (error as { code?: string }).code;
      const message = error instanceof Error ? error.message : "";
      const unreachable =
        ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "57P03"].includes(code ?? "") ||
        message.includes("Connection terminated");
      if (!unreachable || Date.now() > deadline) throw error;
      log(
        `Waiting for the database at ${describeDatabaseUrl(url, { withDatabase: false })} (attempt ${attempt}: ${code ?? "connection closed"}); retrying in 2 s`,
      );
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/** DATABASE_URL when set, otherwise the embedded PostgreSQL; migrated either way. */
export async function startDatabase(options: {
  dataDir: string;
  port: number;
  log: (line: string) => void;
}): Promise<LaunchDatabase> {
  const { log } = options;
  const external = process.env.DATABASE_URL;
  const database = external
    ? { url: external, embedded: false, stop: () => Promise.resolve() }
    : {
        ...(await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, "postgres"), port: options.port, log })),
        embedded: true,
      };
  if (external) log(`Using the PostgreSQL at DATABASE_URL (${describeDatabaseUrl(external, { withDatabase: false })})`);
  try {
    const report = await migrateWhenReachable(database.url, log);
    log(report.applied.length ? `Applied migrations: ${report.applied.join(", ")}` : "Database schema is up to date");
  } catch (error) {
    await database.stop();
    throw error;
  }
  // Tools that attach to a running site (tests, benchmarks) read the URL from here.
  await mkdir(options.dataDir, { recursive: true });
  await writeFile(path.join(options.dataDir, "database-url"), database.url, { mode: 0o600 });
  return database;
}
