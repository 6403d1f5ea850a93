import "server-only";
import { retireCredentialForSwitch } from "@/lib/auth/issue/switch-retire";
import {
  chunkSessionCookie,
  clearedHybridToken,
  expiredCookie,
  modeCookieName,
  readSessionCookie,
  sessionCookieName,
  sessionCookieOptions,
  sessionCookieReadParts,
  setCookies,
  type CookieJar,
  type CookieOptions,
  type OutgoingCookie,
} from "@/lib/auth/cookies";
import { setupValue, type SessionSetup } from "@/lib/auth/mode";
import type { SessionDto } from "@/lib/auth/read/session-dto";
import type { SessionCredential } from "@/lib/auth/read/session-read-result";
import { issueDatabaseSessionLocked, issueJwtLocked } from "@/lib/auth/issue/issue-credentials";
import { withPersonLocked } from "@/lib/auth/issue/person-lock";
import { readRequestContext } from "@/lib/auth/request-context";

export type SwitchRequest = {
  /** Where the new cookies are written. */
  jar: CookieJar;
  /** The request's headers: its session cookie is read with the read's own parser, never the jar's. */
  requestHeaders: Pick<Headers, "get">;
  /** The session as read under the current mode, or null when signed out. */
  session: SessionDto | null;
  /** The credential that read authorised: exactly this one is retired, or the switch is refused. */
  credential?: SessionCredential;
  current: SessionSetup;
  target: SessionSetup;
  /** AUTH_SECRET first (it seals the new token), then the previous secrets. */
  secrets: [string, ...string[]];
  /** Lifetime of a jwt-mode token, in seconds (AUTH_JWT_MAX_AGE). */
  jwtMaxAgeSeconds: number;
  secureCookies: boolean;
  modeCookieOptions: CookieOptions;
};

export type SwitchOutcome = { from: SessionSetup; to: SessionSetup; keptSignedIn: boolean };

/**
 * Moves a browser to another mode without signing the person out: retire the credential the read
 * authorised, issue one in the new mode for the same sign-in, then rewrite the cookies. Retiring and
 * issuing run while the person's row is locked, after any revocation in progress, so a switch never
 * outlives "sign out everywhere". It fails closed: a credential revoked or already switched meanwhile
 * (by a parallel request with the same cookie) is never carried into the new mode, and a request that
 * carries the session cookie twice is refused.
 */
export async function switchSessionMode(request: SwitchRequest): Promise<SwitchOutcome> {
  const { jar, session, current, target, secureCookies } = request;
  const cookie = readSessionCookie(request.requestHeaders, secureCookies);
  if (cookie.duplicated) throw new Error("The request carries the session cookie more than once");
  const outcome = { from: current, to: target, keptSignedIn: session !== null };
  if (setupValue(current) === setupValue(target)) return outcome;

  const { credential } = request;
  if (session && !credential) throw new Error("A switch needs the credential its read authorised");
  const device = await readRequestContext();
  const issued =
    session && credential
      ? await withPersonLocked(session.user.id, async (person) => {
          const authenticatedAt = await retireCredentialForSwitch(person, current, cookie.value, credential);
          return target.mode !== "jwt"
            ? issueDatabaseSessionLocked(person, target.store, device, { authenticatedAt })
            : issueJwtLocked(person, session.user, authenticatedAt, device, {
                cookieName: cookie.name,
                secrets: request.secrets,
                maxAgeSeconds: request.jwtMaxAgeSeconds,
              });
        })
      : undefined;
  // Signed out, a leftover cookie from the other mode would only be rejected, so it goes too.
  const cleared: OutgoingCookie[] = sessionCookieReadParts(cookie).map((part) => expiredCookie(part.name, secureCookies));
  const written: OutgoingCookie[] = issued
    ? chunkSessionCookie(sessionCookieName(secureCookies), issued.value).map((part) => ({
        ...part,
        options: sessionCookieOptions(secureCookies, issued.expires),
      }))
    : [];
  setCookies(jar, [
    ...cleared,
    ...written,
    // A hybrid token fronts the session it was issued with: the new credential gets its own at its first read.
    ...clearedHybridToken(jar.getAll(), secureCookies),
    { name: modeCookieName(secureCookies), value: setupValue(target), options: request.modeCookieOptions },
  ]);
  return outcome;
}
