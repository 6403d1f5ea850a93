import "server-only";
import type { Env } from "@/lib/env";
import type { SessionStore } from "@/lib/auth/stores";
import type { LeanReadAnswer } from "@/lib/auth/read/lean-read-answer";
import type { SessionCookieRead } from "@/lib/auth/cookies";
import { readDatabaseSessionLean } from "@/lib/auth/read/lean-database-read";
import { clearedHybridTokenCookies, issueHybridTokenCookies, readHybridToken } from "@/lib/auth/hybrid/hybrid-token-read";

/** A hybrid read's answer: a lean read's, the Set-Cookie values for the hybrid token, and whether the store was read. */
export type HybridReadAnswer = LeanReadAnswer & { hybridSetCookies: string[]; storeRead: boolean };

/**
 * A hybrid-mode read: a valid, unexpired hybrid token beside the session cookie it was issued with answers
 * without touching the store. Otherwise (missing, expired, tampered, another key, another store, another
 * session cookie) the session is looked up once, as database mode reads it, and a fresh token is issued;
 * if the session is gone, the person is signed out and both cookies are cleared. Revoking a session
 * therefore signs its device out at its next refresh: within the token's lifetime.
 */
export async function readHybridSessionLean(cookie: SessionCookieRead, store: SessionStore, env: Env): Promise<HybridReadAnswer> {
  const { cookies, value } = cookie;
  const hit = readHybridToken(cookies, value, store.name, env);
  if (hit)
    return {
      status: "signed-in",
      ...hit,
      sessionSetCookies: [],
      hybridSetCookies: [],
      hybridTokenIssued: false,
      storeRead: false,
    };
  const answer = await readDatabaseSessionLean(cookie, store, env);
  if (answer.status !== "signed-in" || answer.credential.kind !== "session") {
    return {
      status: "signed-out",
      sessionSetCookies: answer.sessionSetCookies,
      hybridSetCookies: clearedHybridTokenCookies(cookies, env),
      storeRead: true,
    };
  }
  const { session, credential } = answer;
  return {
    ...answer,
    hybridSetCookies: issueHybridTokenCookies(cookies, value, store.name, { session, credential }, env),
    hybridTokenIssued: true,
    storeRead: true,
  };
}
