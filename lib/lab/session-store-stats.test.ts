import { randomBytes } from "node:crypto";
import path from "node:path";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startOwnRedis, type OwnRedis } from "@/lib/launch/own-redis";
import { SHARED_MEASUREMENT_INTERVAL_MS } from "@/lib/lab/shared-measurement";
import { roughCount, sessionStoreStats } from "@/lib/lab/session-store-stats";
import { sessionStoreFor } from "@/lib/auth/stores";
import { hashSessionToken, newSessionToken } from "@/lib/auth/tokens/opaque-token";

// A redis-server of this file's own, so that its command counts are this file's alone.
const DATA_DIR = path.join(process.env.LAB_TEST_DATA_DIR ?? ".data/test", "session-store-stats");
let redis: OwnRedis;
let admin: ReturnType<typeof createClient>;

/** How often Redis has run each command so far: INFO commandstats, the server's own count. */
async function commandCalls(): Promise<Record<string, number>> {
  const info: string = await admin.info("commandstats");
  const counts: Record<string, number> = {};
  for (const [, name, calls] of info.matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm)) if (name) counts[name] = Number(calls);
  return counts;
}

async function callsDuring(work: () => Promise<unknown>): Promise<(command: string) => number> {
  const before = await commandCalls();
  await work();
  const after = await commandCalls();
  return (command) => (after[command] ?? 0) - (before[command] ?? 0);
}

beforeAll(async () => {
  redis = await startOwnRedis(DATA_DIR);
  // Before the app's Redis connection is first made (once per process, from the environment).
  process.env.REDIS_URL = redis.url;
  admin = createClient({ url: redis.adminUrl });
  await admin.connect();
  const store = sessionStoreFor("redis");
  for (let index = 0; index < 12; index += 1) {
    const userId = `u${randomBytes(12).toString("hex")}`;
    await store.create({
      tokenHash: hashSessionToken(newSessionToken()),
      user: { id: userId, name: null, email: `${userId}@example.com`, image: null },
      expires: new Date(Date.now() + 3_600_000),
      authenticatedAt: new Date(),
      lastActiveAt: null,
      userAgent: null,
      ipAddress: null,
    });
  }
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  admin.destroy();
  await redis.stop();
});

describe("the session store's figures on /compare", () => {
  it("scans Redis once a minute for signed-out views, however many, and shows them a rounded count", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const views: Awaited<ReturnType<typeof sessionStoreStats>>[] = [];
    const calls = await callsDuring(async () => {
      for (let view = 0; view < 5; view += 1) views.push(await sessionStoreStats("redis", undefined));
    });
    expect(calls("scan")).toBe(1);
    expect(calls("ping")).toBe(1);
    expect(views.every((view) => view.reachable && view.liveRowsLabel === "about 10" && view.yourRows === 0)).toBe(true);

    // A minute on, the next signed-out view measures again, once.
    vi.setSystemTime(Date.now() + SHARED_MEASUREMENT_INTERVAL_MS);
    const later = await callsDuring(async () => {
      await sessionStoreStats("redis", undefined);
      await sessionStoreStats("redis", undefined);
    });
    expect(later("scan")).toBe(1);
  });

  it("measures live, with the exact count, for a signed-in person", async () => {
    const calls = await callsDuring(async () => {
      const first = await sessionStoreStats("redis", "uthepersonsigned0000000000");
      const second = await sessionStoreStats("redis", "uthepersonsigned0000000000");
      expect([first, second].map((stats) => stats.reachable && stats.liveRowsLabel)).toEqual(["12", "12"]);
    });
    expect(calls("scan")).toBe(2);
  });

  it("rounds a count to two significant figures, and says 'fewer than 10' below ten", () => {
    expect([0, 1, 9, 10, 12, 157, 1_234, 98_765].map(roughCount)).toEqual([
      "fewer than 10",
      "fewer than 10",
      "fewer than 10",
      "about 10",
      "about 10",
      "about 160",
      "about 1,200",
      "about 99,000",
    ]);
  });
});
