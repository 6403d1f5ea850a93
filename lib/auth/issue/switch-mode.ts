import "server-only";
import { retireCredentialForSwitch } from "@/lib/auth/issue/switch-retire";
import { modeCookieName, setupValue, type SessionSetup } from "@/lib/auth/mode";
import { sessionStoreFor } from "@/lib/auth/stores";
import { clearHybridToken } from "@/lib/auth/hybrid/clear-hybrid-token";
import type { CookieJar } from "@/lib/auth/issue/cookie-jar";
import type { SessionDto } from "@/lib/auth/read/session-dto";
import { chunkSessionCookie, sessionCookieName, sessionCookieOptions, sessionCookieParts } from "@/lib/auth/issue/session-cookie";
import { issueDatabaseSession, issueJwt } from "@/lib/auth/issue/issue-credentials";

export type SwitchRequest = {
  jar: CookieJar;
  /** The session as read under the current mode, or null when signed out. */
  session: SessionDto | null;
  /** In jwt mode, the token's claims: its grant is checked and ended whatever the revocation check says. */
  jwtClaims?: Record<string, unknown>;
  current: SessionSetup;
  target: SessionSetup;
  /** AUTH_SECRET first (it seals the new token), then the previous secrets. */
  secrets: [string, ...string[]];
  /** Lifetime of a jwt-mode token, in seconds (AUTH_JWT_MAX_AGE). */
  jwtMaxAgeSeconds: number;
  secureCookies: boolean;
  modeCookieOptions: Record<string, unknown>;
};

export type SwitchOutcome = { from: SessionSetup; to: SessionSetup; keptSignedIn: boolean };

/**
 * Moves a browser to another mode without signing the person out: retire the old credential, issue
 * one in the new mode for the same sign-in, then rewrite the cookies. It fails closed: a credential
 * revoked or already switched meanwhile (by a parallel request with the same cookie) is never carried
 * into the new mode, and a failure after the old credential is retired leaves the person signed out,
 * never holding two live sessions.
 */
export async function switchSessionMode(request: SwitchRequest): Promise<SwitchOutcome> {
  const { jar, session, current, target, secureCookies } = request;
  const outcome = { from: current, to: target, keptSignedIn: session !== null };
  if (setupValue(current) === setupValue(target)) return outcome;

  const cookieName = sessionCookieName(secureCookies);
  const oldParts = sessionCookieParts(jar.getAll(), cookieName);
  const authenticatedAt = session
    ? await retireCredentialForSwitch(current, oldParts.map((part) => part.value).join(""), request.jwtClaims)
    : undefined;
  const issued =
    session && authenticatedAt
      ? target.mode !== "jwt"
        ? await issueDatabaseSession(session.user.id, sessionStoreFor(target.store), { authenticatedAt })
        : await issueJwt(session.user, authenticatedAt, {
            cookieName,
            secrets: request.secrets,
            maxAgeSeconds: request.jwtMaxAgeSeconds,
          })
      : undefined;
  // Signed out, a leftover cookie from the other mode would only be rejected, so it goes too.
  for (const part of oldParts) {
    // An expired write (with the same attributes) rather than delete(), so prefixed cookies go too.
    jar.set(part.name, "", { ...sessionCookieOptions(secureCookies, new Date(0)), maxAge: 0 });
  }
  if (issued) {
    for (const part of chunkSessionCookie(cookieName, issued.value)) {
      jar.set(part.name, part.value, sessionCookieOptions(secureCookies, issued.expires));
    }
  }
  // A hybrid token fronts the session it was issued with: the new credential gets its own at its first read.
  clearHybridToken(jar, secureCookies);
  jar.set(modeCookieName(secureCookies), setupValue(target), request.modeCookieOptions);
  return outcome;
}
