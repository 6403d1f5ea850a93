import { access, readFile, stat } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import { createClient } from "redis";
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

  it("refuses a plain redis:// REDIS_URL on another host, and says so when REDIS_ALLOW_PLAINTEXT=1 lets it through", async () => {
    const remote = "redis://:secret-pw@redis.internal.example:6379";
    await expect(withRedisUrl(remote, () => startRedis({ dataDir, log: quiet }))).rejects.toThrow(
      "REDIS_URL reaches redis.internal.example:6379 over plain redis://, so sessions and the Redis password would cross the network unencrypted: use rediss:// (TLS), or set REDIS_ALLOW_PLAINTEXT=1 if that network is private",
    );
    const lines: string[] = [];
    process.env.REDIS_ALLOW_PLAINTEXT = "1";
    try {
      const redis = await withRedisUrl(remote, () => startRedis({ dataDir, log: (line) => lines.push(line) }));
      expect(redis).toMatchObject({ url: remote, embedded: false });
    } finally {
      delete process.env.REDIS_ALLOW_PLAINTEXT;
    }
    expect(lines).toEqual([
      "Using the Redis at REDIS_URL (redis.internal.example:6379) over plain redis://, unencrypted, because REDIS_ALLOW_PLAINTEXT=1",
    ]);
    const tls = await withRedisUrl("rediss://:pw@redis.internal.example:6380", () => startRedis({ dataDir, log: quiet }));
    expect(tls).toMatchObject({ embedded: false });
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
      // Without a user and its password from the config file, the server answers nothing.
      expect(await answersPing(`redis://127.0.0.1:${port}`)).toBe(false);
      expect(await answersPing(`redis://default:@127.0.0.1:${port}`)).toBe(false);
      const config = await readFile(path.join(dataDir, "redis", "redis.conf"), "utf8");
      expect(config).toMatch(/^bind 127\.0\.0\.1$/m);
      expect(config).toMatch(/^save ""$/m);
      await expect(startRedis({ dataDir, log: quiet })).rejects.toThrow(/already running/);

      await redis.stop();
      expect(await answersPing(redis.url)).toBe(false);
      await expect(access(path.join(dataDir, "redis", "redis.pid"))).rejects.toThrow();
    });
  });

  it("gives the app a Redis user that reaches only `lab:` keys and the store's commands: no other keys, no CONFIG, no FLUSHALL", async () => {
    await withRedisUrl(undefined, async () => {
      const redis = await startRedis({ dataDir, log: quiet });
      if (!redis) throw new Error("redis-server is not installed: `apt-get install redis-server`");
      started.push(redis);
      expect(new URL(redis.url).username).toBe("lab-app");
      const admin = createClient({ url: redis.adminUrl, socket: { reconnectStrategy: false } });
      const app = createClient({ url: redis.url, socket: { reconnectStrategy: false } });
      await admin.connect();
      await app.connect();
      try {
        await admin.set("other:secret", "the admin's");
        expect(await app.hSet("lab:session:probe", "id", "s1")).toBe(1);
        expect(await app.hGetAll("lab:session:probe")).toEqual({ id: "s1" });
        await expect(app.hGetAll("other:secret")).rejects.toThrow(/NOPERM/);
        await expect(app.hSet("other:planted", "id", "s1")).rejects.toThrow(/NOPERM/);
        await expect(app.del("other:secret")).rejects.toThrow(/NOPERM/);
        await expect(app.get("lab:session:probe")).rejects.toThrow(/NOPERM/);
        await expect(app.configGet("requirepass")).rejects.toThrow(/NOPERM/);
        await expect(app.flushAll()).rejects.toThrow(/NOPERM/);
        await expect(app.sendCommand(["ACL", "LIST"])).rejects.toThrow(/NOPERM/);
        await expect(app.eval("return redis.call('DEL', KEYS[1])", { keys: ["other:secret"] })).rejects.toThrow(
          /NOPERM|No permissions/,
        );
        expect(await admin.get("other:secret")).toBe("the admin's");
      } finally {
        admin.destroy();
        app.destroy();
      }
    });
  });

  it("runs redis-server as an unprivileged user when the launcher is root, its working folder that user's", async () => {
    await withRedisUrl(undefined, async () => {
      const redis = await startRedis({ dataDir, log: quiet });
      if (!redis) throw new Error("redis-server is not installed: `apt-get install redis-server`");
      started.push(redis);
      const pid = Number((await readFile(path.join(dataDir, "redis", "redis.pid"), "utf8")).trim());
      const status = await readFile(`/proc/${pid}/status`, "utf8");
      const [, realUid, effectiveUid] = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status) ?? [];
      if (userInfo().uid === 0) {
        expect(Number(realUid)).not.toBe(0);
        expect(Number(effectiveUid)).not.toBe(0);
      } else {
        expect(Number(effectiveUid)).toBe(userInfo().uid);
      }
      // Redis changes into its `dir`: the folder it may write a SAVE to belongs to the user it runs as.
      expect((await stat(`/proc/${pid}/cwd`)).uid).toBe(Number(effectiveUid));
    });
  });
});
