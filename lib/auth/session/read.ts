import "server-only";
import type { JWT } from "next-auth/jwt";
import { getEnv, type Env } from "@/lib/env";
import { asSessionStoreUnavailable } from "@/lib/db/store-unavailable";
import type { SessionSetup, SessionStoreName } from "@/lib/auth/mode";
import {
  clearedSessionCookies,
  hybridTokenCookieName,
  readSessionCookie,
  sessionSetCookies,
  type OutgoingCookie,
  type SessionCookieRead,
} from "@/lib/auth/cookies";
import { databaseSessionEndsAt, grantEndsAt, LAST_ACTIVE_RESOLUTION_SECONDS, sessionLifetime } from "@/lib/auth/session-lifetime";
import { sessionKeyRing } from "@/lib/auth/tokens/keys";
import { openSessionTokenExplained } from "@/lib/auth/tokens/open";
import { sealSessionToken } from "@/lib/auth/tokens/seal";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import {
  hybridClaimsFor,
  hybridSessionOf,
  openHybridToken,
  sealHybridToken,
  sessionBinding,
} from "@/lib/auth/tokens/hybrid-token";
import { sessionStoreFor, type SessionStore } from "@/lib/auth/stores";
import { newReadTrace, timeStage, traceRead } from "@/lib/auth/session/trace";
import { readOutage, readStoreCall, withReadContext, type ReadContext } from "@/lib/auth/session/read-context";
import {
  toSessionDto,
  type CurrentSession,
  type LeanReadAnswer,
  type SessionCredential,
  type SessionDto,
} from "@/lib/auth/session/types";
import { admitJwtRead } from "@/lib/auth/session/jwt-renewal";
import { logUnreadableSessionToken } from "@/lib/auth/session/unreadable-token-log";

// The lean read, top to bottom: the entry point, then jwt, database and hybrid mode, then the hybrid token's
// helpers (which the Auth.js path shares). Same answers as Auth.js's read: the differential test holds it to them.

/**
 * Reads the session on the lean path, its cost traced stage by stage. An outage is `store-unavailable`,
 * never signed out.
 */
export async function readSessionLean(requestHeaders: Headers, setup: SessionSetup, env: Env): Promise<CurrentSession> {
  const trace = newReadTrace(setup.mode, "lean");
  const context: ReadContext = { sealing: "lab" };
  let answer: LeanReadAnswer | undefined;
  try {
    answer = await withReadContext(context, () => traceRead(trace, () => readLean(requestHeaders, setup, env)));
  } catch (error) {
    if (!asSessionStoreUnavailable(error)) throw error;
  }
  if (!answer || readOutage(context)) return { status: "store-unavailable", ...setup, trace };
  trace.cookieReissued = answer.sessionSetCookies.some((cookie) => cookie.options.maxAge !== 0);
  return { ...answer, ...setup, trace };
}

async function readLean(requestHeaders: Headers, setup: SessionSetup, env: Env): Promise<LeanReadAnswer> {
  const cookie = timeStage("cookie", () => readSessionCookie(requestHeaders, env.secureCookies));
  // No cookie: nothing to read, nothing to clear. Two copies of it: no copy is trusted, and neither is cleared.
  if (cookie.value === "" || cookie.duplicated) return { status: "signed-out", sessionSetCookies: [] };
  if (setup.mode === "jwt") return readJwtSession(cookie, env);
  if (setup.mode === "database") return readDatabaseSession(cookie, sessionStoreFor(setup.store), env);
  // The hybrid token's Set-Cookie travels with the session cookie's: route handlers send both.
  const { hybridSetCookies, ...answer } = await readHybridSessionLean(cookie, sessionStoreFor(setup.store), env);
  return { ...answer, sessionSetCookies: [...answer.sessionSetCookies, ...hybridSetCookies] };
}

/**
 * Whether jwt-mode reads look their token up in the deny-list (one database read each). A security
 * policy, so it is deployment configuration (AUTH_JWT_REVOCATION_CHECK), never a switch in the UI.
 */
export function isJwtRevocationCheckOn(env: Env = getEnv()): boolean {
  return env.AUTH_JWT_REVOCATION_CHECK === "on";
}

/**
 * jwt mode: the keys come from a ring derived once, the token is opened with node:crypto under jose's checks,
 * the grant and renewal rules are the ones Auth.js's callback runs, and the cookie is re-issued (as A256GCM)
 * only when the token was renewed.
 */
async function readJwtSession(cookie: SessionCookieRead, env: Env): Promise<LeanReadAnswer> {
  const { cookies, name, value } = cookie;
  const ring = timeStage("keys", () => sessionKeyRing(env.authSecrets, name));
  const opened = timeStage("decrypt", () => openSessionTokenExplained(value, ring));
  // An expired token is the normal end of an idle one; anything else is logged as Auth.js logs it.
  if ("failure" in opened && opened.failure === "invalid") logUnreadableSessionToken();
  const claims: JWT | null = "claims" in opened ? opened.claims : null;
  const admitted =
    claims && typeof claims.sub === "string" && claims.sub !== ""
      ? await timeStage("callbacks", () =>
          admitJwtRead(claims, { maxAgeSeconds: env.AUTH_JWT_MAX_AGE, checkEveryRead: isJwtRevocationCheckOn(env) }),
        )
      : null;
  if (!admitted?.sub) return { status: "signed-out", sessionSetCookies: clearedSessionCookies(cookies, name, env.secureCookies) };
  // Auth.js's session callback answers with the token's own expiry.
  const expires = new Date((typeof admitted.exp === "number" ? admitted.exp : Date.now() / 1000 + env.AUTH_JWT_MAX_AGE) * 1000);
  const session = toSessionDto(
    { id: admitted.sub, name: admitted.name, email: admitted.email, image: admitted.picture },
    expires,
  );
  const sid = admitted.sid;
  const credential: SessionCredential = { kind: "token", tokenSid: typeof sid === "string" ? sid : undefined, claims: admitted };
  // admitJwtRead answers with the same token unless it renewed it.
  const setCookies =
    admitted === claims
      ? []
      : timeStage("reissue", () =>
          sessionSetCookies(cookies, name, sealSessionToken(admitted, ring, Math.floor(expires.getTime() / 1000)), {
            secure: env.secureCookies,
            expires,
          }),
        );
  return { status: "signed-in", session, credential, sessionSetCookies: setCookies, hybridTokenIssued: false };
}

/**
 * database mode: one round trip to the session's store (in PostgreSQL one prepared statement, Session joined
 * to User by the token's hash), then the rules Auth.js and the lab's adapter apply, in the same order: a grant
 * past its cap is deleted, "last active" is refreshed at most every few minutes, and the expiry slides only
 * once `updateAge` has passed. The cookie is re-issued only when the expiry moved.
 */
async function readDatabaseSession(cookie: SessionCookieRead, store: SessionStore, env: Env): Promise<LeanReadAnswer> {
  const { cookies, name, value } = cookie;
  const signedOut = (): LeanReadAnswer => ({
    status: "signed-out",
    sessionSetCookies: clearedSessionCookies(cookies, name, env.secureCookies),
  });
  const tokenHash = timeStage("query", () => hashSessionToken(value));
  const found = await readStoreCall(() => store.findByHash(tokenHash));
  if (!found) return signedOut();
  const now = Date.now();
  if (grantEndsAt(found.authenticatedAt).getTime() <= now) {
    await readStoreCall(() => store.deleteByHash(tokenHash));
    return signedOut();
  }
  const lifetime = sessionLifetime("database", env.AUTH_JWT_MAX_AGE);
  const extensionDue = found.expires.getTime() - (lifetime.maxAgeSeconds - lifetime.updateAgeSeconds) * 1000 <= now;
  const activityDue = !found.lastActiveAt || now - found.lastActiveAt.getTime() > LAST_ACTIVE_RESOLUTION_SECONDS * 1000;
  const newExpires = extensionDue ? new Date(now + lifetime.maxAgeSeconds * 1000) : undefined;
  if (extensionDue || activityDue) {
    const touch = { lastActiveAt: activityDue ? new Date(now) : undefined, expires: newExpires };
    await readStoreCall(() => store.touch(tokenHash, touch));
  }
  // Auth.js answers with the expiry as read, capped by the grant, as the session callback does.
  const session = timeStage("mapping", () =>
    toSessionDto(found.user, databaseSessionEndsAt(found.expires, found.authenticatedAt)),
  );
  const setCookies = newExpires
    ? timeStage("reissue", () => sessionSetCookies(cookies, name, value, { secure: env.secureCookies, expires: newExpires }))
    : [];
  return {
    status: "signed-in",
    session,
    credential: { kind: "session", sessionRowId: found.id, expires: found.expires },
    sessionSetCookies: setCookies,
    hybridTokenIssued: false,
  };
}

/** A hybrid read's answer: a lean read's, and the Set-Cookie values for the hybrid token. */
export type HybridReadAnswer = LeanReadAnswer & { hybridSetCookies: OutgoingCookie[] };

/**
 * hybrid mode: a valid, unexpired hybrid token beside the session cookie it was issued with answers without
 * touching the store. Otherwise (missing, expired, tampered, another key, another store, another session
 * cookie) the session is looked up once, as database mode reads it, and a fresh token is issued; if the
 * session is gone, the person is signed out and both cookies are cleared. Revoking a session therefore signs
 * its device out at its next refresh: within the token's lifetime.
 */
export async function readHybridSessionLean(cookie: SessionCookieRead, store: SessionStore, env: Env): Promise<HybridReadAnswer> {
  const { cookies, value } = cookie;
  const hit = readHybridToken(cookies, value, store.name, env);
  if (hit) return { status: "signed-in", ...hit, sessionSetCookies: [], hybridSetCookies: [], hybridTokenIssued: false };
  const answer = await readDatabaseSession(cookie, store, env);
  if (answer.status !== "signed-in" || answer.credential.kind !== "session") {
    return {
      status: "signed-out",
      sessionSetCookies: answer.sessionSetCookies,
      hybridSetCookies: clearedHybridTokenCookies(cookies, env),
    };
  }
  const { session, credential } = answer;
  const hybridSetCookies = issueHybridTokenCookies(cookies, value, store.name, { session, credential }, env);
  return { ...answer, hybridSetCookies, hybridTokenIssued: true };
}

/** A signed-in answer taken from a hybrid token: the session DTO and the session it fronts. */
export type HybridTokenHit = { session: SessionDto; credential: Extract<SessionCredential, { kind: "session" }> };

/**
 * The answer a valid, unexpired hybrid token gives, read without the store; undefined when it has none to
 * give: no token, expired, tampered, another key, another store, or issued beside another session cookie.
 */
export function readHybridToken(
  cookies: Map<string, string>,
  sessionToken: string,
  store: SessionStoreName,
  env: Env,
): HybridTokenHit | undefined {
  const tokenValue = cookies.get(hybridTokenCookieName(env.secureCookies)) ?? "";
  if (tokenValue === "") return undefined;
  const binding = timeStage("cookie", () => sessionBinding(sessionToken));
  const opened = timeStage("decrypt", () => openHybridToken(tokenValue, env.authSecrets));
  if (!("claims" in opened)) return undefined;
  const said = hybridSessionOf(opened.claims);
  if (said.store !== store || said.boundTo !== binding) return undefined;
  // A session past its end (or its 30-day sign-in limit) is looked up, and so signed out, whatever its token says.
  if (said.sessionEndsAt.getTime() <= Date.now()) return undefined;
  return {
    session: toSessionDto(said.user, said.sessionEndsAt),
    credential: { kind: "session", sessionRowId: said.sessionRowId, expires: said.sessionExpires, fromHybridToken: true },
  };
}

/** The cookies for a fresh hybrid token fronting a session just read from its store. */
export function issueHybridTokenCookies(
  cookies: Map<string, string>,
  sessionToken: string,
  store: SessionStoreName,
  { session, credential }: HybridTokenHit,
  env: Env,
): OutgoingCookie[] {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const claims = hybridClaimsFor({
    user: session.user,
    sessionRowId: credential.sessionRowId,
    store,
    boundTo: sessionBinding(sessionToken),
    sessionExpires: credential.expires,
    sessionEndsAt: new Date(session.expires),
  });
  const token = timeStage("reissue", () => sealHybridToken(claims, env.authSecrets, env.AUTH_HYBRID_TOKEN_TTL, nowSeconds));
  const expires = new Date((nowSeconds + env.AUTH_HYBRID_TOKEN_TTL) * 1000);
  return sessionSetCookies(cookies, hybridTokenCookieName(env.secureCookies), token, { secure: env.secureCookies, expires });
}

/** The cookies that clear a hybrid token the browser sent (none if it sent none). */
export function clearedHybridTokenCookies(cookies: Map<string, string>, env: Env): OutgoingCookie[] {
  return clearedSessionCookies(cookies, hybridTokenCookieName(env.secureCookies), env.secureCookies);
}

/**
 * Whether the session a hybrid token answered for is still in its store, read now: anything that changes
 * state or lists devices must not act on the token's word (its window is for reads only).
 */
export async function hybridSessionStands(
  requestHeaders: Headers,
  credential: Extract<SessionCredential, { kind: "session" }>,
  store: SessionStore,
  env: Env,
): Promise<boolean> {
  const { value: sessionToken } = readSessionCookie(requestHeaders, env.secureCookies);
  if (sessionToken === "") return false;
  const found = await store.findByHash(hashSessionToken(sessionToken));
  return found?.id === credential.sessionRowId && found.expires.getTime() > Date.now();
}
