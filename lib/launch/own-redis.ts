import { freeLoopbackPort, startRedis, type LaunchRedis } from "@/lib/launch/redis";

export type OwnRedis = LaunchRedis;

/**
 * A test file's own redis-server, from its own folder, even when the run shares one (REDIS_URL): stopping or
 * freezing it leaves the shared one alone. Without a `port`, on one the system says is free.
 */
export async function startOwnRedis(dataDir: string, port?: number): Promise<OwnRedis> {
  const shared = process.env.REDIS_URL;
  delete process.env.REDIS_URL;
  try {
    const started = await startRedis({ dataDir, port: port ?? (await freeLoopbackPort()), log: () => undefined });
    if (!started) throw new Error("redis-server is not installed: `apt-get install redis-server`");
    return started;
  } finally {
    if (shared !== undefined) process.env.REDIS_URL = shared;
  }
}
