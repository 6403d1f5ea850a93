import "server-only";
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
import { modeCookieValue, type SessionSetup } from "@/lib/auth/mode";
import type { SessionDto, SessionCredential } from "@/lib/auth/session/types";
import { issueDatabaseSessionLocked, issueJwtLocked } from "@/lib/auth/session/issue";
import { withPersonLocked, type LockedPerson } from "@/lib/auth/stores/person-lock";
import { readRequestContext } from "@/lib/auth/request-context";
import { z } from "zod";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import { grantIsCurrent } from "@/lib/auth/stores/grants";
import { predatesEpoch } from "@/lib/auth/stores/credential-epoch";
import { grantEndsAt } from "@/lib/auth/session-lifetime";

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
  if (modeCookieValue(current) === modeCookieValue(target)) return outcome;

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
    { name: modeCookieName(secureCookies), value: modeCookieValue(target), options: request.modeCookieOptions },
  ]);
  return outcome;
}

const consumedGrantSchema = z.object({ id: z.string(), createdAt: z.date() });

/**
 * Ends exactly the credential the read authorised (the same session row, the same token grant), atomically,
 * while the person's row is locked, and returns when its person originally signed in. Throws when it is not
 * the authorised one, or no longer valid: revoked (by deletion or the person's epoch), ended, or consumed by
 * a parallel switch.
 */
async function retireCredentialForSwitch(
  person: LockedPerson,
  setup: SessionSetup,
  cookieValue: string,
  credential: SessionCredential,
): Promise<Date> {
  // A hybrid session is a database session: its token in front is only a cache of it.
  if (setup.mode !== "jwt") {
    if (credential.kind !== "session" || cookieValue === "") throw new Error("The session was revoked or already switched");
    const store = person.store(setup.store);
    const tokenHash = hashSessionToken(cookieValue);
    const found = await store.findByHash(tokenHash);
    const authorised = found?.id === credential.sessionRowId && found.userId === person.user.id;
    if (!found || !authorised || predatesEpoch(found, person.epoch))
      throw new Error("The session was revoked or already switched");
    const retired = await store.deleteByHash(tokenHash);
    if (retired?.id !== found.id) throw new Error("The session was revoked or already switched");
    if (grantEndsAt(retired.authenticatedAt).getTime() <= Date.now()) throw new Error("The session's sign-in has ended");
    return retired.authenticatedAt;
  }
  // A revoked token still reads as signed in while the check is off; it must not buy a fresh credential.
  const authTime = credential.kind === "token" ? credential.claims.authTime : undefined;
  if (credential.kind !== "token" || typeof authTime !== "number" || !grantIsCurrent(authTime))
    throw new Error("The token's grant has ended");
  const sid = credential.tokenSid;
  if (sid === undefined || sid === "") throw new Error("The token's grant was revoked or already switched");
  const now = new Date().toISOString();
  // One conditional update: of parallel callers with the same token only one ends the grant.
  const { rows } = await person.connection.query({
    name: "lab-consume-issued-token",
    text: `UPDATE "IssuedToken" SET "revokedAt" = $3::timestamptz AT TIME ZONE 'UTC'
           WHERE id = $1 AND "userId" = $2 AND "revokedAt" IS NULL AND "expiresAt" > $3::timestamptz AT TIME ZONE 'UTC'
           RETURNING id, "createdAt" AT TIME ZONE 'UTC' AS "createdAt"`,
    values: [sid, person.user.id, now],
  });
  const consumed = rows.length === 1 ? consumedGrantSchema.parse(rows[0]) : undefined;
  if (!consumed || predatesEpoch(consumed, person.epoch)) throw new Error("The token's grant was revoked or already switched");
  return new Date(authTime * 1000);
}
