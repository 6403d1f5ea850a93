import "server-only";
import type { Env } from "@/lib/env";
import { hashSessionToken } from "@/lib/auth/issue/token-hash";
import type { SessionStoreName } from "@/lib/auth/stores/store-names";
import { toSessionDto, type SessionDto } from "@/lib/auth/read/session-dto";
import type { SessionCredential } from "@/lib/auth/read/session-read-result";
import { timeStage } from "@/lib/auth/read/session-read-trace";
import { clearedSessionCookies, readSessionCookie, sessionSetCookies, hybridTokenCookieName } from "@/lib/auth/cookies";
import type { SessionStore } from "@/lib/auth/stores";
import { openHybridToken, sealHybridToken } from "@/lib/auth/hybrid/hybrid-token";

// 20 base64url characters of the session cookie's SHA-256 (120 bits): enough to tell one session cookie from another.
const BINDING_LENGTH = 20;

/** The start of a session cookie's SHA-256: what a hybrid token is bound to. */
export function sessionBinding(sessionToken: string): string {
  return Buffer.from(hashSessionToken(sessionToken), "hex").toString("base64url").slice(0, BINDING_LENGTH);
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
  if (!("claims" in opened) || opened.claims.store !== store || opened.claims.sch !== binding) return undefined;
  const { claims } = opened;
  // A session past its end (or its 30-day sign-in limit) is looked up, and so signed out, whatever its token says.
  if (claims.send <= Date.now()) return undefined;
  return {
    session: toSessionDto(
      { id: claims.sub, name: claims.name, email: claims.email, image: claims.picture },
      new Date(claims.send),
    ),
    credential: { kind: "session", sessionRowId: claims.sid, expires: new Date(claims.sexp), fromHybridToken: true },
  };
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

/** The Set-Cookie values for a fresh hybrid token fronting a session just read from its store. */
export function issueHybridTokenCookies(
  cookies: Map<string, string>,
  sessionToken: string,
  store: SessionStoreName,
  { session, credential }: HybridTokenHit,
  env: Env,
): string[] {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const token = timeStage("reissue", () =>
    sealHybridToken(
      {
        sub: session.user.id,
        sid: credential.sessionRowId,
        store,
        name: session.user.name,
        email: session.user.email,
        picture: session.user.image,
        sch: sessionBinding(sessionToken),
        sexp: credential.expires.getTime(),
        send: new Date(session.expires).getTime(),
      },
      env.authSecrets,
      env.AUTH_HYBRID_TOKEN_TTL,
      nowSeconds,
    ),
  );
  const expires = new Date((nowSeconds + env.AUTH_HYBRID_TOKEN_TTL) * 1000);
  return sessionSetCookies(cookies, hybridTokenCookieName(env.secureCookies), token, { secure: env.secureCookies, expires });
}

/** The Set-Cookie values that clear a hybrid token the browser sent (none if it sent none). */
export function clearedHybridTokenCookies(cookies: Map<string, string>, env: Env): string[] {
  return clearedSessionCookies(cookies, hybridTokenCookieName(env.secureCookies), env.secureCookies);
}
