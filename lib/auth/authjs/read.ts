import "server-only";
import type { Session } from "next-auth";
import type { SessionReadPath, SessionSetup } from "@/lib/auth/mode";
import NextAuth from "next-auth";
import { getEnv, type Env } from "@/lib/env";
import { buildAuthConfig, nextAuth } from "@/lib/auth/authjs/config";
import { cookiesFromSetCookieHeaders, setupFromHeaders, sessionCookieName, readSessionCookie } from "@/lib/auth/cookies";
import type { SessionDto, CurrentSession, SessionCredential } from "@/lib/auth/session/types";
import {
  clearedHybridTokenCookies,
  issueHybridTokenCookies,
  readHybridToken,
  readSessionLean,
  type HybridTokenHit,
} from "@/lib/auth/session/read";
import { newReadTrace, timeStage, traceRead } from "@/lib/auth/session/trace";
import { readOutage, withReadContext, type ReadContext } from "@/lib/auth/session/read-context";

/**
 * auth()'s API-route form as it behaves (next-auth/lib/index.js): it reads the request's `headers` and
 * appends each Set-Cookie to the response's `headers`, which the no-argument form drops.
 */
type ReadSessionWithCookies = (request: { headers: Headers }, response: { headers: Headers }) => Promise<Session | null>;

const readers = new WeakMap<Env, ReadSessionWithCookies>();

/** auth() configured for `env`: the app's own instance for the app's environment, one more per other (a test's). */
function sessionReaderFor(env: Env): ReadSessionWithCookies {
  if (env === getEnv()) return nextAuth.auth;
  let reader = readers.get(env);
  if (!reader) {
    reader = NextAuth((request) => {
      const setup = setupFromHeaders(request?.headers ?? new Headers(), env);
      return timeStage("config", () => buildAuthConfig(setup, env));
    }).auth;
    readers.set(env, reader);
  }
  return reader;
}

function credentialOf(context: ReadContext): SessionCredential {
  if (context.sessionRow) return { kind: "session", sessionRowId: context.sessionRow.id, expires: context.sessionRow.expires };
  if (context.jwtClaims) {
    const sid = context.jwtClaims.sid;
    return { kind: "token", tokenSid: typeof sid === "string" ? sid : undefined, claims: context.jwtClaims };
  }
  // Auth.js answered with a session without reading a credential: never signed in on that.
  throw new Error("A session read produced a session without a credential");
}

/** Reads the session through Auth.js's `auth()`, as a stock Auth.js app does, timing each stage it can see. */
async function readSessionThroughAuthjs(requestHeaders: Headers, setup: SessionSetup, env: Env): Promise<CurrentSession> {
  const { mode } = setup;
  const trace = newReadTrace(mode, "authjs");
  const context: ReadContext = { sealing: "authjs" };
  // Auth.js would take the first of two session cookies; the lean read trusts neither copy, and so does this one.
  if (readSessionCookie(requestHeaders, env.secureCookies).duplicated)
    return { status: "signed-out", ...setup, trace, sessionSetCookies: [] };
  const response = { headers: new Headers() };
  // Hybrid: Auth.js has no such mode, so its token is checked first and auth() (database strategy) reads only on a miss.
  const hybrid =
    setup.mode === "hybrid" ? { store: setup.store, ...readSessionCookie(requestHeaders, env.secureCookies) } : undefined;
  const read = await withReadContext(context, () =>
    traceRead<{ hit: HybridTokenHit } | { session: SessionDto | null }>(trace, async () => {
      const hit = hybrid && hybrid.value !== "" ? readHybridToken(hybrid.cookies, hybrid.value, hybrid.store, env) : undefined;
      return hit ? { hit } : { session: await sessionReaderFor(env)({ headers: requestHeaders }, response) };
    }),
  );
  // During an outage Auth.js clears the cookie as if it were invalid; keep it instead.
  if (readOutage(context)) return { status: "store-unavailable", ...setup, trace };
  if ("hit" in read)
    return { status: "signed-in", ...setup, ...read.hit, trace, sessionSetCookies: [], hybridTokenIssued: false };
  const { session } = read;
  const cookieName = sessionCookieName(env.secureCookies);
  const sessionSetCookies = cookiesFromSetCookieHeaders(response.headers.getSetCookie()).filter((cookie) =>
    cookie.name.startsWith(cookieName),
  );
  trace.cookieReissued = sessionSetCookies.some((cookie) => cookie.options.maxAge !== 0);
  if (!session?.user.id) {
    const clearedToken = hybrid ? clearedHybridTokenCookies(hybrid.cookies, env) : [];
    return { status: "signed-out", ...setup, trace, sessionSetCookies: [...sessionSetCookies, ...clearedToken] };
  }
  const credential = credentialOf(context);
  const freshToken =
    hybrid && credential.kind === "session"
      ? issueHybridTokenCookies(hybrid.cookies, hybrid.value, hybrid.store, { session, credential }, env)
      : [];
  // As on the lean path, a fresh hybrid token counts as a re-issued cookie.
  trace.cookieReissued ||= freshToken.length > 0;
  return {
    status: "signed-in",
    ...setup,
    session,
    credential,
    trace,
    sessionSetCookies: [...sessionSetCookies, ...freshToken],
    hybridTokenIssued: freshToken.length > 0,
  };
}

/** Reads the session a request's headers carry, on either path; both give the same answer (the differential test). */
export function readSession(requestHeaders: Headers, path: SessionReadPath, env = getEnv()): Promise<CurrentSession> {
  const setup = setupFromHeaders(requestHeaders, env);
  return path === "lean" ? readSessionLean(requestHeaders, setup, env) : readSessionThroughAuthjs(requestHeaders, setup, env);
}
