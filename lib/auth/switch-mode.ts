import "server-only";
import { encode } from "next-auth/jwt";
import { createLabAdapter } from "@/lib/auth/adapter";
import { retireDatabaseSession } from "@/lib/auth/session-store";
import { MODE_COOKIE_NAME, type SessionMode } from "@/lib/auth/mode";
import type { SessionDto } from "@/lib/auth/session-dto";
import {
  chunkSessionCookie,
  newSessionToken,
  sessionCookieName,
  sessionCookieOptions,
  sessionCookieParts,
} from "@/lib/auth/session-cookie";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { grantIsCurrent, isIssuedTokenLive, registerIssuedToken, revokeIssuedToken } from "@/lib/auth/issued-tokens";

/** The part of Next's cookie store that a switch needs. */
export type CookieJar = {
  getAll(): { name: string; value: string }[];
  set(name: string, value: string, options: Record<string, unknown>): unknown;
};

export type SwitchRequest = {
  jar: CookieJar;
  /** The session as read under the current mode, or null when signed out. */
  session: SessionDto | null;
  /** In jwt mode, the token's claims: its grant is checked and ended whatever the revocation check says. */
  jwtClaims?: Record<string, unknown>;
  current: SessionMode;
  target: SessionMode;
  secret: string;
  /** Lifetime of a jwt-mode token, in seconds (AUTH_JWT_MAX_AGE). */
  jwtMaxAgeSeconds: number;
  secureCookies: boolean;
  modeCookieOptions: Record<string, unknown>;
};

export type SwitchOutcome = { from: SessionMode; to: SessionMode; keptSignedIn: boolean };

type IssuedCredential = { value: string; expires: Date };

const secondsFromNow = (seconds: number) => new Date(Date.now() + seconds * 1000);

/** A database session for the same user: a new Session row and its opaque token. */
async function issueDatabaseSession(session: SessionDto): Promise<IssuedCredential> {
  const expires = secondsFromNow(SESSION_MAX_AGE_SECONDS);
  const sessionToken = newSessionToken();
  await createLabAdapter().createSession!({ sessionToken, userId: session.user.id, expires });
  return { value: sessionToken, expires };
}

/** A JWE with the claims Auth.js itself puts in a jwt-mode cookie, registered like a sign-in's. */
async function issueJwt(session: SessionDto, cookieName: string, secret: string, maxAge: number): Promise<IssuedCredential> {
  const { user } = session;
  const sid = await registerIssuedToken(user.id);
  const value = await encode({
    token: {
      sub: user.id,
      name: user.name,
      email: user.email,
      picture: user.image,
      sid,
      authTime: Math.floor(Date.now() / 1000),
    },
    secret,
    salt: cookieName,
    maxAge,
  });
  return { value, expires: secondsFromNow(maxAge) };
}

/**
 * Moves a browser to another mode without signing the person out: retire the old credential, issue
 * one in the new mode, then rewrite the cookies. It fails closed: a credential revoked meanwhile (a
 * deleted row, a revoked token grant, even with the revocation check off) is never carried into the
 * new mode, and a failure after the old credential is retired leaves the person signed out, never
 * holding two live sessions.
 */
/** Ends the credential being switched away from; throws when it was no longer valid. */
async function retireCredential(mode: SessionMode, cookieValue: string, claims: Record<string, unknown> | undefined) {
  if (mode === "database") {
    if (!(await retireDatabaseSession(cookieValue))) throw new Error("The session was revoked while switching");
    return;
  }
  // A revoked token still reads as signed in while the check is off; it must not buy a fresh credential.
  if (!grantIsCurrent(claims?.authTime) || !(await isIssuedTokenLive(claims?.sid)))
    throw new Error("The token's grant was revoked or has ended");
  await revokeIssuedToken(claims?.sid);
}

export async function switchSessionMode(request: SwitchRequest): Promise<SwitchOutcome> {
  const { jar, session, current, target, secureCookies } = request;
  const outcome = { from: current, to: target, keptSignedIn: session !== null };
  if (current === target) return outcome;

  const cookieName = sessionCookieName(secureCookies);
  const oldParts = sessionCookieParts(jar.getAll(), cookieName);
  if (session) await retireCredential(current, oldParts.map((part) => part.value).join(""), request.jwtClaims);
  const issued = session
    ? target === "database"
      ? await issueDatabaseSession(session)
      : await issueJwt(session, cookieName, request.secret, request.jwtMaxAgeSeconds)
    : undefined;
  // Signed out, a leftover cookie from the other mode would only be rejected, so it goes too.
  for (const part of oldParts) {
    // An expired write (with the same attributes) rather than delete(), so __Secure- cookies go too.
    jar.set(part.name, "", { ...sessionCookieOptions(secureCookies, new Date(0)), maxAge: 0 });
  }
  if (issued) {
    for (const part of chunkSessionCookie(cookieName, issued.value)) {
      jar.set(part.name, part.value, sessionCookieOptions(secureCookies, issued.expires));
    }
  }
  jar.set(MODE_COOKIE_NAME, target, request.modeCookieOptions);
  return outcome;
}
