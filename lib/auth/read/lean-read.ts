import "server-only";
import type { SessionSetup } from "@/lib/auth/mode";
import { sessionStoreFor } from "@/lib/auth/stores";
import type { Env } from "@/lib/env";
import type { CurrentSession } from "@/lib/auth/read/session-read-result";
import { asSessionStoreUnavailable } from "@/lib/db/store-unavailable";
import { newReadTrace, timeStage, traceRead } from "@/lib/auth/session/trace";
import { readOutage, withReadContext, type ReadContext } from "@/lib/auth/session/read-context";
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
  const trace = newReadTrace(mode, "lean");
  const context: ReadContext = { sealing: "lab" };
  let answer: LeanReadAnswer | undefined;
  try {
    answer = await withReadContext(context, () => traceRead(trace, () => readLean(requestHeaders, setup, env)));
  } catch (error) {
    if (!asSessionStoreUnavailable(error)) throw error;
  }
  if (!answer || readOutage(context)) return { status: "store-unavailable", ...setup, trace };
  trace.cookieReissued = answer.sessionSetCookies.some((cookie) => !/Max-Age=0/i.test(cookie));
  return { ...answer, ...setup, trace };
}
