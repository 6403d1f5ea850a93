import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/client";
import { envWith } from "@/lib/testing/env-with";
import { connectRedis } from "@/lib/db/redis-client";
import { SessionStoreUnavailableError } from "@/lib/db/store-unavailable";
import { issueDatabaseSession } from "@/lib/auth/session/issue";
import { sessionCookieName, hybridTokenCookieName, serializeCookie, type OutgoingCookie } from "@/lib/auth/cookies";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import { sealSessionToken } from "@/lib/auth/tokens/seal";
import { sessionKeyRing } from "@/lib/auth/tokens/keys";
import { sessionStoreFor } from "@/lib/auth/stores";
import { createRedisSessionStore } from "@/lib/auth/stores/redis-session-store";
import { freeLoopbackPort } from "@/lib/launch/redis";
import { SESSION_STORE_NAMES } from "@/lib/auth/mode";
import { hybridSessionStands, readHybridSessionLean as readHybrid, type HybridReadAnswer } from "@/lib/auth/session/read";
import { newReadTrace, traceRead } from "@/lib/auth/session/trace";
import type { SessionStore } from "@/lib/auth/stores";
import type { Env } from "@/lib/env";

const env = envWith({ AUTH_SECRET: "hybrid-read-secret-that-is-long-enough-000000", AUTH_HYBRID_TOKEN_TTL: "60" });
const SESSION = sessionCookieName(false);
const TOKEN = hybridTokenCookieName(false);

/** The cookies a browser would send: the session cookie, and the hybrid token when it has one. */
function cookieRead(sessionValue: string, tokenValue?: string) {
  const cookies = new Map([[SESSION, sessionValue]]);
  if (tokenValue !== undefined) cookies.set(TOKEN, tokenValue);
  return { cookies, name: SESSION, value: sessionValue };
}

/** A hybrid read under a trace, with whether it read the store: the trace counts every store call it made. */
async function readHybridSessionLean(
  cookie: ReturnType<typeof cookieRead>,
  store: SessionStore,
  readEnv: Env,
): Promise<HybridReadAnswer & { storeRead: boolean }> {
  const trace = newReadTrace("hybrid", "lean");
  const answer = await traceRead(trace, () => readHybrid(cookie, store, readEnv));
  return { ...answer, storeRead: trace.dbQueries > 0 };
}

/** The hybrid token a Set-Cookie list writes, or undefined. */
function writtenToken(cookies: OutgoingCookie[]): string | undefined {
  const written = cookies.map(serializeCookie).find((cookie) => cookie.startsWith(`${TOKEN}=`) && !cookie.includes("Max-Age=0"));
  return written?.slice(TOKEN.length + 1).split(";")[0];
}

let userId: string;

beforeEach(async () => {
  userId = (await prisma().user.create({ data: { email: `hybrid-${randomUUID()}@example.com`, name: "Hybrid" } })).id;
});

afterEach(() => {
  vi.useRealTimers();
});

describe.each(SESSION_STORE_NAMES)("a hybrid read in the %s store", (storeName) => {
  const store = sessionStoreFor(storeName);

  it("looks the session up once without a token, then reads the token it issued without the store", async () => {
    const { value } = await issueDatabaseSession(userId, store);
    const first = await readHybridSessionLean(cookieRead(value), store, env);
    expect(first).toMatchObject({ status: "signed-in", storeRead: true, session: { user: { id: userId, name: "Hybrid" } } });
    const token = writtenToken(first.hybridSetCookies);
    expect(token?.split(".")).toHaveLength(5);

    const second = await readHybridSessionLean(cookieRead(value, token), store, env);
    expect(second).toMatchObject({ status: "signed-in", storeRead: false, hybridSetCookies: [], sessionSetCookies: [] });
    if (first.status !== "signed-in" || second.status !== "signed-in") throw new Error("both reads are signed in");
    expect(second.session).toEqual(first.session);
    expect(second.credential).toEqual({ ...first.credential, fromHybridToken: true });
  });

  it("keeps a revoked device signed in only until its token expires, then signs it out and clears both cookies", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { value } = await issueDatabaseSession(userId, store);
    const token = writtenToken((await readHybridSessionLean(cookieRead(value), store, env)).hybridSetCookies);
    await store.deleteByHash(hashSessionToken(value));

    // Within the token's 60 s and the 5 s of clock skew it allows, the token still answers.
    vi.setSystemTime(Date.now() + 64_000);
    expect(await readHybridSessionLean(cookieRead(value, token), store, env)).toMatchObject({
      status: "signed-in",
      storeRead: false,
    });
    // Past both: one lookup, and the session is gone.
    vi.setSystemTime(Date.now() + 2_000);
    const after = await readHybridSessionLean(cookieRead(value, token), store, env);
    expect(after).toMatchObject({ status: "signed-out", storeRead: true });
    expect(after.hybridSetCookies.map(serializeCookie)).toEqual([expect.stringMatching(new RegExp(`^${TOKEN}=;.*Max-Age=0`))]);
    expect(after.sessionSetCookies.map(serializeCookie)).toEqual([expect.stringMatching(new RegExp(`^${SESSION}=;.*Max-Age=0`))]);
  });
});

describe.each(SESSION_STORE_NAMES)("the sensitive check behind a hybrid token in the %s store", (storeName) => {
  const store = sessionStoreFor(storeName);
  const headersOf = (sessionValue: string, token: string) =>
    new Headers({ cookie: `${SESSION}=${sessionValue}; ${TOKEN}=${token}` });

  it("finds the session a token answered for while it stands, and not once it is revoked or behind another cookie", async () => {
    const mine = await issueDatabaseSession(userId, store);
    const token = writtenToken((await readHybridSessionLean(cookieRead(mine.value), store, env)).hybridSetCookies) ?? "";
    const hit = await readHybridSessionLean(cookieRead(mine.value, token), store, env);
    if (hit.status !== "signed-in" || hit.credential.kind !== "session") throw new Error("the token answers");
    expect(hit.credential.fromHybridToken).toBe(true);

    expect(await hybridSessionStands(headersOf(mine.value, token), hit.credential, store, env)).toBe(true);
    const other = await issueDatabaseSession(userId, store);
    expect(await hybridSessionStands(headersOf(other.value, token), hit.credential, store, env)).toBe(false);
    await store.deleteByHash(hashSessionToken(mine.value));
    expect(await hybridSessionStands(headersOf(mine.value, token), hit.credential, store, env)).toBe(false);
  });
});

describe("a hybrid token that does not belong", () => {
  const store = sessionStoreFor("postgres");

  it("is ignored beside another session cookie: the read looks up the cookie's own session", async () => {
    const mine = await issueDatabaseSession(userId, store);
    const token = writtenToken((await readHybridSessionLean(cookieRead(mine.value), store, env)).hybridSetCookies);
    const otherUser = (await prisma().user.create({ data: { email: `hybrid-other-${randomUUID()}@example.com` } })).id;
    const theirs = await issueDatabaseSession(otherUser, store);
    const read = await readHybridSessionLean(cookieRead(theirs.value, token), store, env);
    expect(read).toMatchObject({ status: "signed-in", storeRead: true, session: { user: { id: otherUser } } });
  });

  it("is ignored when it is a jwt-mode token, tampered, garbage or from another store, never a 500", async () => {
    const { value } = await issueDatabaseSession(userId, store);
    const good = writtenToken((await readHybridSessionLean(cookieRead(value), store, env)).hybridSetCookies) ?? "";
    const jwtModeToken = sealSessionToken(
      { sub: userId, use: "hybrid" },
      sessionKeyRing(env.authSecrets, SESSION),
      2_000_000_000,
    );
    const tampered = `${good.slice(0, -3)}${good.endsWith("A") ? "BBB" : "AAA"}`;
    for (const token of [jwtModeToken, tampered, "garbage", ""]) {
      expect(await readHybridSessionLean(cookieRead(value, token), store, env)).toMatchObject({
        status: "signed-in",
        storeRead: true,
      });
    }
    const inRedis = await readHybridSessionLean(cookieRead(value, good), sessionStoreFor("redis"), env);
    expect(inRedis).toMatchObject({ status: "signed-out", storeRead: true });
  });
});

describe("a hybrid read while its store is down", () => {
  it("keeps answering from a valid token, and a refresh fails as an outage, never as a sign-out", async () => {
    const postgres = sessionStoreFor("postgres");
    const { value } = await issueDatabaseSession(userId, postgres);
    const connection = connectRedis(`redis://127.0.0.1:${await freeLoopbackPort()}`, {
      connectTimeoutMs: 200,
      log: () => undefined,
    });
    try {
      // The same session, but its store answers nothing: a store named like the one the token fronts.
      const down = { ...createRedisSessionStore(connection), name: "postgres" as const };
      const token = writtenToken((await readHybridSessionLean(cookieRead(value), postgres, env)).hybridSetCookies);
      expect(await readHybridSessionLean(cookieRead(value, token), down, env)).toMatchObject({
        status: "signed-in",
        storeRead: false,
      });
      await expect(readHybridSessionLean(cookieRead(value), down, env)).rejects.toBeInstanceOf(SessionStoreUnavailableError);
    } finally {
      await connection.close();
    }
  });
});
