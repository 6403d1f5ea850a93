import { startDatabase, type LaunchDatabase } from "@/lib/launch/database";

let database: LaunchDatabase | undefined;

/** One real PostgreSQL for the whole run: DATABASE_URL when set, else the embedded one. */
export async function setup() {
  database = await startDatabase({
    // Overridable, so that two test runs on one machine do not share a database server.
    dataDir: process.env.LAB_TEST_DATA_DIR ?? ".data/test",
    port: Number(process.env.LAB_TEST_DB_PORT ?? 25439),
    log: (line) => console.log(`[test-db] ${line}`),
  });
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= "test-secret-that-is-long-enough-for-auth-js-000";
}

export async function teardown() {
  await database?.stop();
}
