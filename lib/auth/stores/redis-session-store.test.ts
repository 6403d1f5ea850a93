import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectRedis, type RedisConnection } from "@/lib/db/redis-client";
import { SessionStoreUnavailableError } from "@/lib/db/store-unavailable";
import { hashSessionToken, newSessionToken } from "@/lib/auth/tokens/opaque-token";
import { freeLoopbackPort, startRedis, type LaunchRedis } from "@/lib/launch/redis";
import { createRedisSessionStore } from "@/lib/auth/stores/redis-session-store";
import type { NewStoredSession, SessionStore } from "@/lib/auth/stores/session-store";

const quiet = () => undefined;
const CURRENT_SECRET = "current-secret-that-is-long-enough-for-the-mac-0";
const PREVIOUS_SECRET = "previous-secret-that-is-long-enough-for-the-mac-0";
const DAY_MS = 86_400_000;

function newSession(overrides: Partial<NewStoredSession> = {}): NewStoredSession {
  const id = `u${randomBytes(12).toString("hex")}`;
  return {
    tokenHash: hashSessionToken(newSessionToken()),
    user: { id, name: "Mallory:*\r\nFLUSHALL", email: `${id}@example.com`, image: null },
    expires: new Date(Date.now() + 3_600_000),
    authenticatedAt: new Date(),
    lastActiveAt: null,
    userAgent: "evil:{user-sessions}:* \r\nDEL *",
    ipAddress: "203.0.113.7",
    ...overrides,
  };
}

/** Every store operation, each expected to fail as an outage while Redis is away. */
function everyOperation(store: SessionStore, session: NewStoredSession) {
  return [
    () => store.create(newSession()),
    () => store.findByHash(session.tokenHash),
    () => store.touch(session.tokenHash, { lastActiveAt: new Date() }),
    () => store.deleteByHash(session.tokenHash),
    () => store.deleteById(session.user.id, "cnosuchsession00000000000"),
    () => store.listLive(session.user.id),
    () => store.deleteAllForUser(session.user.id),
    () => store.deleteExpired(),
  ];
}

describe("the Redis session store's keys and expiry", () => {
  let connection: RedisConnection;
  // The app's Redis user runs only the store's commands; TTLs are read as the admin.
  let admin: RedisConnection;
  // Under `lab:`: the app's Redis user may touch no other keys.
  const prefix = `lab:t${randomBytes(4).toString("hex")}:`;
  let store: SessionStore;

  beforeAll(() => {
    const url = process.env.REDIS_URL;
    if (!url)
      throw new Error("REDIS_URL is not set: install redis-server (`apt-get install redis-server`) so the tests can start one");
    connection = connectRedis(url, { log: quiet });
    admin = connectRedis(process.env.LAB_TEST_REDIS_ADMIN_URL ?? url, { log: quiet });
    store = createRedisSessionStore(connection, { prefix, secrets: [CURRENT_SECRET] });
  });

  afterAll(async () => {
    await connection.close();
    await admin.close();
  });

  it("builds keys only from the token's hash and the user id, whatever the client sent", async () => {
    const session = newSession();
    await store.create(session);
    const keys: string[] = [];
    for await (const batch of connection.client.scanIterator({ MATCH: `${prefix}*` })) keys.push(...batch);
    expect(keys.sort()).toEqual([`${prefix}session:${session.tokenHash}`, `${prefix}user-sessions:${session.user.id}`].sort());
    // The client's text is stored as data, and comes back unchanged.
    expect(await store.findByHash(session.tokenHash)).toMatchObject({ userAgent: session.userAgent, user: session.user });
  });

  it("expires each session key at the session's expiry, moves it with a touch, and gives the index no TTL", async () => {
    const session = newSession();
    await store.create(session);
    const key = `${prefix}session:${session.tokenHash}`;
    expect(await admin.client.pExpireTime(key)).toBe(session.expires.getTime());
    const later = new Date(session.expires.getTime() + 86_400_000);
    await store.touch(session.tokenHash, { expires: later });
    expect(await admin.client.pExpireTime(key)).toBe(later.getTime());
    await store.touch(session.tokenHash, { lastActiveAt: new Date() });
    expect(await admin.client.pExpireTime(key)).toBe(later.getTime());
    // -1: no expiry. An index that ran out before a session it holds would hide it from "sign out everywhere".
    expect(await admin.client.pTTL(`${prefix}user-sessions:${session.user.id}`)).toBe(-1);
  });

  it("never lets a key outlive the session's 30-day end from sign-in, at create or when a touch slides the expiry", async () => {
    const authenticatedAt = new Date(Date.now() - 29 * DAY_MS);
    const absoluteEnd = authenticatedAt.getTime() + 30 * DAY_MS;
    const session = newSession({ authenticatedAt, expires: new Date(Date.now() + 30 * DAY_MS) });
    await store.create(session);
    const key = `${prefix}session:${session.tokenHash}`;
    expect(await admin.client.pExpireTime(key)).toBe(absoluteEnd);
    expect(await store.touch(session.tokenHash, { expires: new Date(Date.now() + 30 * DAY_MS) })).toBe(true);
    expect(await admin.client.pExpireTime(key)).toBe(absoluteEnd);
  });

  it("prunes index entries of sessions that Redis has already expired", async () => {
    const session = newSession({ expires: new Date(Date.now() + 100) });
    await store.create(session);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await store.deleteExpired()).toBe(0);
    expect(await admin.client.exists(`${prefix}user-sessions:${session.user.id}`)).toBe(0);
  });
});

describe("the Redis session store's integrity check (HMAC)", () => {
  let connection: RedisConnection;
  // Whoever writes to Redis: the admin here, as anyone who got past Redis's own access control would.
  let attacker: RedisConnection;
  const prefix = `lab:m${randomBytes(4).toString("hex")}:`;
  const lines: string[] = [];
  let store: SessionStore;

  beforeAll(() => {
    const url = process.env.REDIS_URL ?? "redis://127.0.0.1:1";
    connection = connectRedis(url, { log: quiet });
    attacker = connectRedis(process.env.LAB_TEST_REDIS_ADMIN_URL ?? url, { log: quiet });
    store = createRedisSessionStore(connection, { prefix, secrets: [CURRENT_SECRET], log: (line) => lines.push(line) });
  });

  afterAll(async () => {
    await connection.close();
    await attacker.close();
  });

  const tampers: [string, (key: string, session: NewStoredSession) => Promise<unknown>][] = [
    ["the person swapped for another", (key) => attacker.client.hSet(key, "userId", "uanotherpersonaltogether00")],
    [
      "the expiry extended",
      (key, session) => attacker.client.hSet(key, "expires", String(session.expires.getTime() + 365 * DAY_MS)),
    ],
    // A day later, so the move is real (now could be the stored millisecond) and would stretch the 30-day end.
    [
      "the sign-in time moved",
      (key, session) => attacker.client.hSet(key, "authenticatedAt", String(session.authenticatedAt.getTime() + DAY_MS)),
    ],
    ["the name changed", (key) => attacker.client.hSet(key, "userName", "Someone else")],
    ["the MAC removed (written before MACs)", (key) => attacker.client.hDel(key, "mac")],
  ];

  for (const [change, tamper] of tampers) {
    it(`treats a hash with ${change} as absent, and logs it once without its contents`, async () => {
      const session = newSession();
      await store.create(session);
      expect(await store.findByHash(session.tokenHash)).toMatchObject({ userId: session.user.id });
      await tamper(`${prefix}session:${session.tokenHash}`, session);
      lines.length = 0;

      expect(await store.findByHash(session.tokenHash)).toBeUndefined();
      expect(await store.findByHash(session.tokenHash)).toBeUndefined();
      expect(await store.listLive(session.user.id)).toEqual([]);
      expect(await store.touch(session.tokenHash, { expires: new Date(Date.now() + DAY_MS) })).toBe(false);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/failed its integrity check/);
      for (const secret of [session.tokenHash, session.user.id, session.user.email ?? "", "Someone else", "uanotherperson"])
        expect(lines[0]).not.toContain(secret);
    });
  }

  it("verifies a hash written under a previous secret (rotation), and none under a secret it does not know", async () => {
    const session = newSession();
    await createRedisSessionStore(connection, { prefix, secrets: [PREVIOUS_SECRET], log: quiet }).create(session);
    const rotated = createRedisSessionStore(connection, { prefix, secrets: [CURRENT_SECRET, PREVIOUS_SECRET], log: quiet });
    expect(await rotated.findByHash(session.tokenHash)).toMatchObject({ userId: session.user.id, user: session.user });
    expect(await store.findByHash(session.tokenHash)).toBeUndefined();
    // A touch that slides the expiry re-signs it under the current secret.
    expect(await rotated.touch(session.tokenHash, { expires: new Date(Date.now() + 2 * DAY_MS) })).toBe(true);
    expect(await store.findByHash(session.tokenHash)).toMatchObject({ userId: session.user.id });
  });
});

describe("the Redis session store when Redis does not answer", () => {
  const dataDir = path.join(process.env.LAB_TEST_DATA_DIR ?? ".data/test", "redis-outage");
  let redis: LaunchRedis | undefined;
  const unhandled: unknown[] = [];
  const recordUnhandled = (error: unknown) => unhandled.push(error);

  beforeAll(() => {
    process.on("unhandledRejection", recordUnhandled);
    process.on("uncaughtException", recordUnhandled);
  });

  afterEach(async () => {
    await redis?.stop();
    redis = undefined;
  });

  afterAll(() => {
    process.off("unhandledRejection", recordUnhandled);
    process.off("uncaughtException", recordUnhandled);
  });

  /** This test's own redis-server: stopping it leaves the run's shared one alone. */
  async function startOwnRedis(port: number): Promise<LaunchRedis> {
    const previous = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    try {
      const started = await startRedis({ dataDir, port, log: quiet });
      if (!started) throw new Error("redis-server is not installed: `apt-get install redis-server`");
      return started;
    } finally {
      if (previous !== undefined) process.env.REDIS_URL = previous;
    }
  }

  it("fails fast with SessionStoreUnavailableError at a port where nothing listens", async () => {
    const connection = connectRedis(`redis://127.0.0.1:${await freeLoopbackPort()}`, { connectTimeoutMs: 300, log: quiet });
    try {
      const store = createRedisSessionStore(connection, { prefix: "lab:t-closed:" });
      const started = Date.now();
      for (const operation of everyOperation(store, newSession())) {
        await expect(operation()).rejects.toBeInstanceOf(SessionStoreUnavailableError);
      }
      expect(Date.now() - started).toBeLessThan(8 * 1_000);
    } finally {
      await connection.close();
    }
    expect(unhandled).toEqual([]);
  });

  it("turns a Redis that stops into SessionStoreUnavailableError, and recovers when it is back, with no restart", async () => {
    const port = await freeLoopbackPort();
    redis = await startOwnRedis(port);
    const lines: string[] = [];
    const connection = connectRedis(redis.url, { connectTimeoutMs: 300, commandTimeoutMs: 500, log: (line) => lines.push(line) });
    try {
      const store = createRedisSessionStore(connection, { prefix: "lab:t-outage:" });
      const session = newSession();
      await store.create(session);
      expect(await store.findByHash(session.tokenHash)).toBeDefined();

      await redis.stop();
      for (const operation of everyOperation(store, session)) {
        const started = Date.now();
        await expect(operation()).rejects.toBeInstanceOf(SessionStoreUnavailableError);
        expect(Date.now() - started).toBeLessThan(2_000);
      }
      // The outage is logged once, by class only: never the URL's password.
      expect(lines.filter((line) => line.includes("lost the connection"))).toHaveLength(1);
      expect(lines.join("\n")).not.toContain(new URL(redis.url).password);

      redis = await startOwnRedis(port);
      const deadline = Date.now() + 10_000;
      let answer: unknown = "no answer yet";
      while (Date.now() < deadline) {
        answer = await store.findByHash(session.tokenHash).catch((error: unknown) => error);
        if (!(answer instanceof SessionStoreUnavailableError)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Back, and empty: this Redis keeps nothing across a restart.
      expect(answer).toBeUndefined();
      const again = newSession();
      await store.create(again);
      expect(await store.findByHash(again.tokenHash)).toMatchObject({ userId: again.user.id });
      expect(lines.some((line) => line.includes("reconnected"))).toBe(true);
    } finally {
      await connection.close();
    }
    expect(unhandled).toEqual([]);
  });

  it("answers SessionStoreUnavailableError within the command timeout while Redis hangs, and reads again once it wakes", async () => {
    const port = await freeLoopbackPort();
    redis = await startOwnRedis(port);
    const connection = connectRedis(redis.url, { connectTimeoutMs: 300, commandTimeoutMs: 500, log: quiet });
    const pid = Number((await readFile(path.join(dataDir, "redis", "redis.pid"), "utf8")).trim());
    try {
      const store = createRedisSessionStore(connection, { prefix: "lab:t-hung:" });
      const session = newSession();
      await store.create(session);
      // Frozen, not stopped: the connection stays open and no answer ever comes.
      process.kill(pid, "SIGSTOP");
      for (const operation of everyOperation(store, session)) {
        const started = Date.now();
        await expect(operation()).rejects.toBeInstanceOf(SessionStoreUnavailableError);
        expect(Date.now() - started).toBeLessThan(2_000);
      }
      process.kill(pid, "SIGCONT");
      // The same connection serves again. (The commands written while it hung still run when it wakes: the
      // deletes among them went through, which is why a timed-out revocation is reported as failed, never as done.)
      const after = newSession();
      await store.create(after);
      expect(await store.findByHash(after.tokenHash)).toMatchObject({ userId: after.user.id });
    } finally {
      process.kill(pid, "SIGCONT");
      await connection.close();
    }
    expect(unhandled).toEqual([]);
  });
});
