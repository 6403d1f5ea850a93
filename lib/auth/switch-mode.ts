import "server-only";
import { cookies } from "next/headers";
import { encode } from "next-auth/jwt";
import { getEnv } from "@/lib/env";
import { getCurrentSession } from "@/lib/auth";
import { createLabAdapter } from "@/lib/auth/adapter";
import { MODE_COOKIE_NAME, type SessionMode } from "@/lib/auth/mode";
import { modeCookieOptions } from "@/lib/auth/mode-cookie";
import type { SessionDto } from "@/lib/auth/session-dto";
import {
  chunkSessionCookie,
  newSessionToken,
  sessionCookieName,
  sessionCookieOptions,
  sessionCookieParts,
} from "@/lib/auth/session-cookie";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";

export type SwitchOutcome = { from: SessionMode; to: SessionMode; keptSignedIn: boolean };

type IssuedCredential = { value: string; expires: Date };

/** A database session for the same user: a new Session row and its opaque token. */
async function issueDatabaseSession(session: SessionDto): Promise<IssuedCredential> {
  const expires = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  const sessionToken = newSessionToken();
  await createLabAdapter().createSession!({ sessionToken, userId: session.user.id, expires });
  return { value: sessionToken, expires };
}

/** A JWE with the claims Auth.js itself would put in a jwt-mode cookie. */
async function issueJwt(session: SessionDto, cookieName: string): Promise<IssuedCredential> {
  const { user } = session;
  const value = await encode({
    token: { sub: user.id, name: user.name, email: user.email, picture: user.image },
    secret: getEnv().AUTH_SECRET,
    salt: cookieName,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  return { value, expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) };
}

/**
 * Moves this browser to another mode without signing the person out: issue the new credential,
 * retire the old one, then rewrite the cookies. Any failure before the cookies are written leaves
 * the browser exactly as it was.
 */
export async function switchSessionMode(target: SessionMode): Promise<SwitchOutcome> {
  const { mode: current, session } = await getCurrentSession();
  const jar = await cookies();
  const { secureCookies } = getEnv();
  const cookieName = sessionCookieName(secureCookies);
  const oldParts = sessionCookieParts(jar.getAll(), cookieName);

  if (current === target) return { from: current, to: target, keptSignedIn: session !== null };

  if (session) {
    const issued = target === "database" ? await issueDatabaseSession(session) : await issueJwt(session, cookieName);
    if (current === "database") {
      const oldToken = oldParts.map((part) => part.value).join("");
      await createLabAdapter().deleteSession!(oldToken);
    }
    for (const part of oldParts) jar.delete(part.name);
    for (const part of chunkSessionCookie(cookieName, issued.value)) {
      jar.set(part.name, part.value, sessionCookieOptions(secureCookies, issued.expires));
    }
  } else {
    // A leftover cookie from the other mode would only be rejected; clear it rather than carry it over.
    for (const part of oldParts) jar.delete(part.name);
  }
  jar.set(MODE_COOKIE_NAME, target, modeCookieOptions());
  return { from: current, to: target, keptSignedIn: session !== null };
}
