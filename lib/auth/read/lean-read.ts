import "server-only";
import type { SessionSetup } from "@/lib/auth/mode";
import { sessionStoreFor } from "@/lib/auth/stores";
import type { Env } from "@/lib/env";
import type { CurrentSession } from "@/lib/auth/read/session-read-result";
import { asSessionStoreUnavailable } from "@/lib/db/store-unavailable";
import { newSessionReadRecord, recordSessionRead, sessionReadOutage, timeStage } from "@/lib/auth/read/session-read-trace";
import type { LeanReadAnswer } from "@/lib/auth/read/lean-read-answer";
import { readSessionCookie } from "@/lib/auth/cookies";
import { readJwtSessionLean } from "@/lib/auth/read/lean-jwt-read";
import { readDatabaseSessionLean } from "@/lib/auth/read/lean-database-read";
import { readHybridSessionLean } from "@/lib/auth/hybrid/lean-hybrid-read";

async function readLean(requestHeaders: Headers, setup: SessionSetup, env: Env): Promise<LeanReadAnswer> {
  const cookie = timeStage("cookie", () => readSessionCookie(requestHeaders, env.secureCookies));
  // No cookie: nothing to read, nothing to clear. Two copies of it: no copy is trusted, and neither is cleared.
  if (cookie.value === "" || cookie.duplicated) return { status: "signed-out", sessionSetCookies: [] };
  if (setup.mode === "jwt") return readJwtSessionLean(cookie, env);
  if (setup.mode === "database") return readDatabaseSessionLean(cookie, sessionStoreFor(setup.store), env);
  // The hybrid token's Set-Cookie travels with the session cookie's: route handlers send both.
  const { hybridSetCookies, ...answer } = await readHybridSessionLean(cookie, sessionStoreFor(setup.store), env);
  return { ...answer, sessionSetCookies: [...answer.sessionSetCookies, ...hybridSetCookies] };
}

/**
 * Reads the session on the lean path, with the same answers as Auth.js's read (the differential test
 * holds them to it) and its cost traced stage by stage. An outage is `store-unavailable`, never signed out.
 */
export async function readSessionLean(requestHeaders: Headers, setup: SessionSetup, env: Env): Promise<CurrentSession> {
  const { mode } = setup;
  const record = newSessionReadRecord(mode, "lean");
  let answer: LeanReadAnswer | undefined;
  try {
    answer = await recordSessionRead(record, () => readLean(requestHeaders, setup, env));
  } catch (error) {
    if (!asSessionStoreUnavailable(error)) throw error;
  }
  const { trace: cost } = record;
  if (!answer || sessionReadOutage(record)) return { status: "store-unavailable", ...setup, cost };
  cost.cookieReissued = answer.sessionSetCookies.some((cookie) => !/Max-Age=0/i.test(cookie));
  return { ...answer, ...setup, cost };
}
