import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { answersPing, freeLoopbackPort, startRedis, type LaunchRedis } from "@/lib/launch/redis";

const dataDir = path.join(process.env.LAB_TEST_DATA_DIR ?? ".data/test", "redis-launcher");
const started: LaunchRedis[] = [];
const quiet = () => undefined;

/** Runs `work` with REDIS_URL set to `value` (or unset), then puts back what was there. */
async function withRedisUrl<T>(value: string | undefined, work: () => Promise<T>): Promise<T> {
  const previous = process.env.REDIS_URL;
  const set = (next: string | undefined) => {
    if (next === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = next;
  };
  set(value);
  try {
    return await work();
  } finally {
    set(previous);
  }
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((redis) => redis.stop()));
});

describe("startRedis", () => {
  it("uses REDIS_URL as given and starts nothing", async () => {
    const redis = await withRedisUrl("redis://127.0.0.1:1", () => startRedis({ dataDir, log: quiet }));
    expect(redis).toMatchObject({ url: "redis://127.0.0.1:1", embedded: false });
  });

  it("says so and returns undefined when redis-server is not installed, so the site starts without it", async () => {
    const lines: string[] = [];
    const redis = await withRedisUrl(undefined, () =>
      startRedis({ dataDir, log: (line) => lines.push(line), binaryCandidates: ["/nonexistent/redis-server"] }),
    );
    expect(redis).toBeUndefined();
    expect(lines.join("\n")).toMatch(/redis-server is not installed.*apt-get install redis-server/);
  });

  it("starts a local redis-server on loopback that answers PING, refuses a second one, and stops it", async () => {
    await withRedisUrl(undefined, async () => {
      const port = await freeLoopbackPort();
      const redis = await startRedis({ dataDir, port, log: quiet });
      if (!redis) throw new Error("redis-server is not installed: `apt-get install redis-server`");
      started.push(redis);
      expect(redis.embedded).toBe(true);
      expect(new URL(redis.url)).toMatchObject({ hostname: "127.0.0.1", port: String(port) });
      expect(await answersPing(redis.url)).toBe(true);
      // Without the password from the config file, the server answers nothing.
      expect(await answersPing(`redis://127.0.0.1:${port}`)).toBe(false);
      const config = await readFile(path.join(dataDir, "redis", "redis.conf"), "utf8");
      expect(config).toMatch(/^bind 127\.0\.0\.1$/m);
      expect(config).toMatch(/^save ""$/m);
      await expect(startRedis({ dataDir, log: quiet })).rejects.toThrow(/already running/);

      await redis.stop();
      expect(await answersPing(redis.url)).toBe(false);
      await expect(access(path.join(dataDir, "redis", "redis.pid"))).rejects.toThrow();
    });
  });
});
