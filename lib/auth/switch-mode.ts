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
import { registerIssuedToken } from "@/lib/auth/issued-tokens";

/** The part of Next's cookie store that a switch needs. */
export type CookieJar = {
  getAll(): { name: string; value: string }[];
  set(name: string, value: string, options: Record<string, unknown>): unknown;
};

export type SwitchRequest = {
  jar: CookieJar;
  /** The session as read under the current mode, or null when signed out. */
  session: SessionDto | null;
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
 * Moves a browser to another mode without signing the person out: issue the new credential, retire
 * the old one, then rewrite the cookies. A failure before the cookies are written leaves the browser
 * as it was, and a session revoked meanwhile is never carried into the new mode (fail closed).
 * Leaving jwt mode cannot revoke the old token: that is the JWT trade-off, shown on /compare.
 */
export async function switchSessionMode(request: SwitchRequest): Promise<SwitchOutcome> {
  const { jar, session, current, target, secureCookies } = request;
  const outcome = { from: current, to: target, keptSignedIn: session !== null };
  if (current === target) return outcome;

  const cookieName = sessionCookieName(secureCookies);
  const oldParts = sessionCookieParts(jar.getAll(), cookieName);
  const issued = session
    ? target === "database"
      ? await issueDatabaseSession(session)
      : await issueJwt(session, cookieName, request.secret, request.jwtMaxAgeSeconds)
    : undefined;
  if (session && current === "database") {
    const retired = await retireDatabaseSession(oldParts.map((part) => part.value).join(""));
    if (!retired) throw new Error("The session was revoked while switching");
  }
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
