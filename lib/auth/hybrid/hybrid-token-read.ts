import "server-only";
import type { Env } from "@/lib/env";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import type { SessionStoreName } from "@/lib/auth/mode";
import { toSessionDto, type SessionDto } from "@/lib/auth/read/session-dto";
import type { SessionCredential } from "@/lib/auth/read/session-read-result";
import { timeStage } from "@/lib/auth/session/trace";
import { clearedSessionCookies, readSessionCookie, sessionSetCookies, hybridTokenCookieName } from "@/lib/auth/cookies";
import type { SessionStore } from "@/lib/auth/stores";
import {
  hybridClaimsFor,
  hybridSessionOf,
  openHybridToken,
  sealHybridToken,
  sessionBinding,
} from "@/lib/auth/tokens/hybrid-token";

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
      hybridClaimsFor({
        user: session.user,
        sessionRowId: credential.sessionRowId,
        store,
        boundTo: sessionBinding(sessionToken),
        sessionExpires: credential.expires,
        sessionEndsAt: new Date(session.expires),
      }),
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
