import { startDatabase, type LaunchDatabase } from "@/lib/launch/database";
import { startRedis, type LaunchRedis } from "@/lib/launch/redis";

let database: LaunchDatabase | undefined;
let redis: LaunchRedis | undefined;

/** One real PostgreSQL and one real Redis for the whole run: DATABASE_URL and REDIS_URL when set, else local ones. */
export async function setup() {
  // Overridable, so that two test runs on one machine do not share a database server.
  const dataDir = process.env.LAB_TEST_DATA_DIR ?? ".data/test";
  database = await startDatabase({
    dataDir,
    port: Number(process.env.LAB_TEST_DB_PORT ?? 25439),
    log: (line) => console.log(`[test-db] ${line}`),
  });
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= "test-secret-that-is-long-enough-for-auth-js-000";
  // A free port each run, so parallel runs never share one; without redis-server the Redis tests say how to get it.
  redis = await startRedis({ dataDir, log: (line) => console.log(`[test-redis] ${line}`) });
  if (redis) {
    process.env.REDIS_URL = redis.url;
    // Tests that inspect Redis beyond what the app may (TTLs, other users' keys) sign in as its admin user.
    process.env.LAB_TEST_REDIS_ADMIN_URL = redis.adminUrl;
  }
}

export async function teardown() {
  await redis?.stop();
  await database?.stop();
}
