import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { connectRedis, type RedisConnection } from "@/lib/db/redis-client";
import { hashSessionToken, newSessionToken } from "@/lib/auth/tokens/opaque-token";
import {
  deviceRefSchema,
  SESSION_STORE_NAMES,
  type NewStoredSession,
  type SessionStore,
  type SessionStoreName,
  type SessionUser,
} from "@/lib/auth/stores/session-store";
import { createIsolatedSchema } from "@/lib/testing/isolated-schema";
import { createMemorySessionStore, emptyMemorySessions } from "@/lib/auth/stores/memory-session-store";
import { createPostgresSessionStore } from "@/lib/auth/stores/postgres-session-store";
import { createRedisSessionStore } from "@/lib/auth/stores/redis-session-store";

const HOUR = 3_600_000;
const quiet = () => undefined;

type Harness = { store: SessionStore; addUser: () => Promise<SessionUser>; close: () => Promise<void> };

/** A store on its own data: PostgreSQL in a fresh migrated schema, Redis under a fresh key prefix, a fresh Map. */
const harnesses: Record<SessionStoreName, () => Promise<Harness>> = {
  async postgres() {
    const schema = await createIsolatedSchema();
    await migrate(schema.url, "prisma/migrations");
    const pool = new pg.Pool({ connectionString: schema.url });
    return {
      store: createPostgresSessionStore(() => pool),
      async addUser() {
        const id = `u${randomBytes(12).toString("hex")}`;
        const user = { id, name: `Person ${id}`, email: `${id}@example.com`, image: null };
        await pool.query(`INSERT INTO "User" (id, name, email, "updatedAt") VALUES ($1, $2, $3, now())`, [
          id,
          user.name,
          user.email,
        ]);
        return user;
      },
      async close() {
        await pool.end();
        await schema.drop();
      },
    };
  },
  redis() {
    const connection = redisConnectionForTests();
    return Promise.resolve({
      store: createRedisSessionStore(connection, { prefix: testPrefix() }),
      addUser: () => Promise.resolve(someUser()),
      close: () => connection.close(),
    });
  },
  memory() {
    return Promise.resolve({
      store: createMemorySessionStore(emptyMemorySessions()),
      addUser: () => Promise.resolve(someUser()),
      close: () => Promise.resolve(),
    });
  },
};

function redisConnectionForTests(url = process.env.REDIS_URL): RedisConnection {
  if (!url)
    throw new Error("REDIS_URL is not set: install redis-server (`apt-get install redis-server`) so the tests can start one");
  return connectRedis(url, { log: quiet });
}

// Under `lab:`: the app's Redis user may touch no other keys.
const testPrefix = () => `lab:t${randomBytes(4).toString("hex")}:`;

function someUser(): SessionUser {
  const id = `u${randomBytes(12).toString("hex")}`;
  return { id, name: `Person ${id}`, email: `${id}@example.com`, image: "https://example.com/a.png" };
}

const newTokenHash = () => hashSessionToken(newSessionToken());

function newSession(user: SessionUser, overrides: Partial<NewStoredSession> = {}): NewStoredSession {
  const now = Date.now();
  return {
    tokenHash: newTokenHash(),
    user,
    expires: new Date(now + HOUR),
    authenticatedAt: new Date(now - 60_000),
    lastActiveAt: new Date(now - 1_000),
    userAgent: "curl/8.5.0",
    ipAddress: "203.0.113.7",
    ...overrides,
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(SESSION_STORE_NAMES)("the %s session store", (name) => {
  let harness: Harness;
  let store: SessionStore;

  beforeAll(async () => {
    harness = await harnesses[name]();
    store = harness.store;
  });

  afterAll(async () => {
    await harness.close();
  });

  it("names itself", () => {
    expect(store.name).toBe(name);
  });

  it("creates a session and reads it back by the token's hash with its person's public fields", async () => {
    const user = await harness.addUser();
    const input = newSession(user);
    const created = await store.create(input);
    expect(deviceRefSchema.safeParse({ kind: "session", id: created.id }).success).toBe(true);
    expect(created).toMatchObject({ userId: user.id, userAgent: "curl/8.5.0", ipAddress: "203.0.113.7" });

    const found = await store.findByHash(input.tokenHash);
    expect(found).toEqual({
      id: created.id,
      userId: user.id,
      expires: input.expires,
      authenticatedAt: input.authenticatedAt,
      lastActiveAt: input.lastActiveAt,
      createdAt: created.createdAt,
      userAgent: "curl/8.5.0",
      ipAddress: "203.0.113.7",
      user,
    });
    // Neither the token nor its hash comes back out.
    expect(JSON.stringify(found)).not.toContain(input.tokenHash);
    expect(await store.findByHash(newTokenHash())).toBeUndefined();
  });

  it("keeps null device fields null", async () => {
    const input = newSession(await harness.addUser(), { userAgent: null, ipAddress: null, lastActiveAt: null });
    await store.create(input);
    expect(await store.findByHash(input.tokenHash)).toMatchObject({ userAgent: null, ipAddress: null, lastActiveAt: null });
  });

  it("refuses a hash that is not SHA-256 hex, or an id that is not an id, before it reaches the store", async () => {
    await expect(store.findByHash("lab:*")).rejects.toBeInstanceOf(TypeError);
    await expect(store.findByHash(newTokenHash().toUpperCase())).rejects.toBeInstanceOf(TypeError);
    await expect(store.listLive("x y*")).rejects.toBeInstanceOf(TypeError);
  });

  it("touches last-active and the expiry, each on its own, and never brings a deleted session back", async () => {
    const input = newSession(await harness.addUser());
    await store.create(input);
    const lastActiveAt = new Date(Date.now() + 5);
    expect(await store.touch(input.tokenHash, { lastActiveAt })).toBe(true);
    expect(await store.findByHash(input.tokenHash)).toMatchObject({ lastActiveAt, expires: input.expires });
    const expires = new Date(Date.now() + 2 * HOUR);
    expect(await store.touch(input.tokenHash, { expires })).toBe(true);
    expect(await store.findByHash(input.tokenHash)).toMatchObject({ lastActiveAt, expires });

    await store.deleteByHash(input.tokenHash);
    expect(await store.touch(input.tokenHash, { lastActiveAt: new Date(), expires })).toBe(false);
    expect(await store.findByHash(input.tokenHash)).toBeUndefined();
  });

  it("lists one person's live sessions, newest first, and nobody else's", async () => {
    const [user, other] = [await harness.addUser(), await harness.addUser()];
    const first = await store.create(newSession(user, { userAgent: "first" }));
    await wait(5);
    const second = await store.create(newSession(user, { userAgent: "second" }));
    await store.create(newSession(other));
    await store.create(newSession(user, { expires: new Date(Date.now() - 1_000) }));

    const listed = await store.listLive(user.id);
    expect(listed.map((session) => session.id)).toEqual([second.id, first.id]);
    expect(listed.map((session) => session.userAgent)).toEqual(["second", "first"]);
    expect(await store.listLive((await harness.addUser()).id)).toEqual([]);
  });

  it("revokes by id only the person's own session", async () => {
    const [user, other] = [await harness.addUser(), await harness.addUser()];
    const mine = newSession(user);
    const theirs = newSession(other);
    const [mineCreated, theirsCreated] = [await store.create(mine), await store.create(theirs)];

    expect(await store.deleteById(user.id, theirsCreated.id)).toBe(false);
    expect(await store.deleteById(user.id, "cnosuchsession00000000000")).toBe(false);
    expect(await store.findByHash(theirs.tokenHash)).toBeDefined();

    expect(await store.deleteById(user.id, mineCreated.id)).toBe(true);
    expect(await store.findByHash(mine.tokenHash)).toBeUndefined();
    expect(await store.listLive(user.id)).toEqual([]);
    expect(await store.deleteById(user.id, mineCreated.id)).toBe(false);
  });

  it("deletes by hash once, returning the session; of parallel callers only one gets it", async () => {
    const input = newSession(await harness.addUser());
    const created = await store.create(input);
    const results = await Promise.all([store.deleteByHash(input.tokenHash), store.deleteByHash(input.tokenHash)]);
    const winners = results.filter((result) => result !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ id: created.id, authenticatedAt: input.authenticatedAt });
    expect(await store.findByHash(input.tokenHash)).toBeUndefined();
    expect(await store.listLive(input.user.id)).toEqual([]);
  });

  it("deletes all of a person's sessions but one, then all, leaving other people's", async () => {
    const [user, other] = [await harness.addUser(), await harness.addUser()];
    const kept = await store.create(newSession(user));
    await store.create(newSession(user));
    await store.create(newSession(user));
    const theirs = newSession(other);
    await store.create(theirs);

    expect(await store.deleteAllForUser(user.id, { exceptId: kept.id })).toBe(2);
    expect((await store.listLive(user.id)).map((session) => session.id)).toEqual([kept.id]);
    expect(await store.deleteAllForUser(user.id)).toBe(1);
    expect(await store.listLive(user.id)).toEqual([]);
    expect(await store.findByHash(theirs.tokenHash)).toBeDefined();
  });

  it("stops answering for a session once its expiry passes", async () => {
    const input = newSession(await harness.addUser(), { expires: new Date(Date.now() + 300) });
    await store.create(input);
    expect(await store.findByHash(input.tokenHash)).toBeDefined();
    await wait(400);
    expect(await store.findByHash(input.tokenHash)).toBeUndefined();
    expect(await store.listLive(input.user.id)).toEqual([]);
  });

  it("cleans up expired sessions and keeps live ones", async () => {
    const user = await harness.addUser();
    const live = newSession(user);
    const liveCreated = await store.create(live);
    const ending = newSession(user, { expires: new Date(Date.now() + 200) });
    await store.create(ending);
    await wait(300);

    expect(await store.deleteExpired()).toBeGreaterThanOrEqual(name === "redis" ? 0 : 1);
    expect((await store.listLive(user.id)).map((session) => session.id)).toEqual([liveCreated.id]);
    // A clock an hour ahead: the live one has expired too, and goes.
    expect(await store.deleteExpired(new Date(Date.now() + 2 * HOUR))).toBeGreaterThanOrEqual(1);
    expect(await store.findByHash(live.tokenHash)).toBeUndefined();
    expect(await store.deleteAllForUser(user.id)).toBe(0);
  });
});
