import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { startRedis, type LaunchRedis, type LocalRedisOptions } from "@/lib/launch/redis";

/**
 * Starts Redis for a launcher and registers its stop. Redis holds only the optional Redis session store,
 * so a Redis that fails to start is logged and the site starts without it.
 */
export async function startOptionalRedis(
  options: LocalRedisOptions & { log: (line: string) => void },
  onShutdown: (cleanup: () => Promise<unknown>) => void,
): Promise<LaunchRedis | undefined> {
  const { log } = options;
  // Registered before it resolves: a signal mid-start waits for Redis, then stops it.
  const starting = startRedis(options).catch((error: unknown) => {
    log(
      `Redis could not be started, so the Redis session store is unavailable: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  });
  onShutdown(async () => {
    const redis = await starting;
    await redis?.stop();
    if (redis?.embedded) log("Redis stopped");
  });
  const redis = await starting;
  // Tools that attach to a running site (tests, benchmarks) read the URL from here, as with database-url.
  const urlFile = path.join(options.dataDir, "redis-url");
  await mkdir(options.dataDir, { recursive: true });
  if (redis) await writeFile(urlFile, redis.url, { mode: 0o600 });
  else await rm(urlFile, { force: true });
  return redis;
}
