import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/client";
import { envWith } from "@/lib/testing/env-with";
import { MODE_COOKIE_NAME, sessionCookieName, hybridTokenCookieName, serializeCookie, type OutgoingCookie } from "@/lib/auth/cookies";
import { modeCookieValue, SESSION_STORE_NAMES, SESSION_READ_PATHS } from "@/lib/auth/mode";
import { readSession } from "@/lib/auth/authjs/read";
import { issueDatabaseSession } from "@/lib/auth/session/issue";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import { sessionStoreFor } from "@/lib/auth/stores";

// Many tabs of one browser whose hybrid token has just expired all ask at once: each read may look the
// session up once (there is no lock to share one lookup between them), never more, and none fails.

const env = envWith({ AUTH_SECRET: "hybrid-concurrency-secret-long-enough-00000", AUTH_HYBRID_TOKEN_TTL: "60" });
const TOKEN = hybridTokenCookieName(false);
const READS = 30;

/** The Cookie header of a hybrid-mode browser in `store`, with its hybrid token if it has one. */
function cookieHeader(storeName: (typeof SESSION_STORE_NAMES)[number], sessionToken: string, hybridToken?: string): string {
  const mode = `${MODE_COOKIE_NAME}=${modeCookieValue({ mode: "hybrid", store: storeName })}`;
  const token = hybridToken === undefined ? "" : `; ${TOKEN}=${hybridToken}`;
  return `${mode}; ${sessionCookieName(false)}=${sessionToken}${token}`;
}

/** The hybrid token a read's Set-Cookie values write. */
function writtenToken(cookies: OutgoingCookie[]): string {
  const written = cookies.map(serializeCookie).find((cookie) => cookie.startsWith(`${TOKEN}=`) && !/Max-Age=0/i.test(cookie));
  if (!written) throw new Error("The read wrote no hybrid token");
  return written.slice(TOKEN.length + 1).split(";")[0] ?? "";
}

let userId: string;

beforeEach(async () => {
  userId = (await prisma().user.create({ data: { email: `hybrid-tabs-${randomUUID()}@example.com` } })).id;
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe.each(SESSION_STORE_NAMES)(`${READS} concurrent hybrid reads in the %s store`, (storeName) => {
  const store = sessionStoreFor(storeName);

  it.each(SESSION_READ_PATHS)(
    "on the %s path: at most one lookup each when the token expired, none while it is valid",
    async (path) => {
      const { value } = await issueDatabaseSession(userId, store);
      const first = await readSession(new Headers({ cookie: cookieHeader(storeName, value) }), path, env);
      if (first.status !== "signed-in") throw new Error(`the first read is ${first.status}`);
      const token = writtenToken(first.sessionSetCookies);
      const lookups = vi.spyOn(store, "findByHash");

      const valid = new Headers({ cookie: cookieHeader(storeName, value, token) });
      const hits = await Promise.all(Array.from({ length: READS }, () => readSession(valid, path, env)));
      expect(hits.map((read) => read.status)).toEqual(Array(READS).fill("signed-in"));
      expect(lookups).not.toHaveBeenCalled();

      // Past the token's life and the clock tolerance: every tab refreshes at once.
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 80_000 });
      const refreshes = await Promise.all(Array.from({ length: READS }, () => readSession(valid, path, env)));
      expect(refreshes.map((read) => read.status)).toEqual(Array(READS).fill("signed-in"));
      expect(refreshes.every((read) => read.status === "signed-in" && writtenToken(read.sessionSetCookies) !== token)).toBe(true);
      expect(lookups.mock.calls.length).toBeGreaterThanOrEqual(1);
      expect(lookups.mock.calls.length).toBeLessThanOrEqual(READS);
    },
  );

  it.each(SESSION_READ_PATHS)("on the %s path: a revoked session signs every tab out at once, with no failure", async (path) => {
    const { value } = await issueDatabaseSession(userId, store);
    const first = await readSession(new Headers({ cookie: cookieHeader(storeName, value) }), path, env);
    if (first.status !== "signed-in") throw new Error(`the first read is ${first.status}`);
    const token = writtenToken(first.sessionSetCookies);
    await store.deleteByHash(hashSessionToken(value));
    const lookups = vi.spyOn(store, "findByHash");

    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 80_000 });
    const headers = new Headers({ cookie: cookieHeader(storeName, value, token) });
    const reads = await Promise.all(Array.from({ length: READS }, () => readSession(headers, path, env)));
    expect(reads.map((read) => read.status)).toEqual(Array(READS).fill("signed-out"));
    expect(lookups.mock.calls.length).toBeLessThanOrEqual(READS);
    for (const read of reads) {
      if (read.status !== "signed-out") continue;
      expect(read.sessionSetCookies.map(serializeCookie)).toContainEqual(expect.stringMatching(new RegExp(`^${TOKEN}=;.*Max-Age=0`)));
    }
  });
});
