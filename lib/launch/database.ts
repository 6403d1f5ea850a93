import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { migrate } from "@/lib/db/migrate";

export type LaunchDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

/** DATABASE_URL when set, otherwise the embedded PostgreSQL; migrated either way. */
export async function startDatabase(options: {
  dataDir: string;
  port: number;
  log: (line: string) => void;
}): Promise<LaunchDatabase> {
  const { log } = options;
  const external = process.env.DATABASE_URL;
  const database = external
    ? { url: external, embedded: false, stop: async () => undefined }
    : {
        ...(await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, "postgres"), port: options.port, log })),
        embedded: true,
      };
  if (external) log("Using the PostgreSQL at DATABASE_URL");
  try {
    const report = await migrate(database.url, "prisma/migrations");
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
