import type { SessionMode } from "@/lib/auth/mode";

// How long an emailed sign-in link works (once): defined where the email states it, so the mail code needs no session code.
export { SIGN_IN_LINK_MAX_AGE_SECONDS } from "@/lib/mail/sign-in-email";

/** How long a database session lives without activity, in seconds (Auth.js's `maxAge`). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** How often an active database session's expiry is pushed back, in seconds (Auth.js's `updateAge`). */
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;
/** How far a Session row's "last active" may lag, in seconds: worth a write every few minutes, not one per request. */
export const LAST_ACTIVE_RESOLUTION_SECONDS = 5 * 60;

export type SessionLifetime = { maxAgeSeconds: number; updateAgeSeconds: number };

/**
 * Database sessions live long: revoking one is a delete. A JWT cannot be revoked without the extra
 * check, so its lifetime is short (AUTH_JWT_MAX_AGE) and it is re-issued on every read.
 */
export function sessionLifetime(mode: SessionMode, jwtMaxAgeSeconds: number): SessionLifetime {
  // A hybrid session is a database session: its token in front is short-lived (AUTH_HYBRID_TOKEN_TTL), the session is not.
  return mode !== "jwt"
    ? { maxAgeSeconds: SESSION_MAX_AGE_SECONDS, updateAgeSeconds: SESSION_UPDATE_AGE_SECONDS }
    : { maxAgeSeconds: jwtMaxAgeSeconds, updateAgeSeconds: 0 };
}

/** When a sign-in's grant ends, in either mode and however often it switched: SESSION_MAX_AGE_SECONDS after it. */
export function grantEndsAt(authenticatedAt: Date): Date {
  return new Date(authenticatedAt.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
}

/** When a database session really ends: its sliding expiry, but never after its grant. */
export function databaseSessionEndsAt(expires: Date, authenticatedAt: Date): Date {
  return new Date(Math.min(expires.getTime(), grantEndsAt(authenticatedAt).getTime()));
}

/** When Auth.js next pushes a database session's expiry back: `updateAge` after its last extension. */
export function nextExpiryExtension(expires: Date, lifetime: SessionLifetime): Date {
  return new Date(expires.getTime() - (lifetime.maxAgeSeconds - lifetime.updateAgeSeconds) * 1000);
}

/**
 * How often an open page renews its session in the background, and how old a token must be before a
 * read renews it: the same number, so a page that stays open keeps its token fresh.
 */
export const RENEWAL_INTERVAL_SECONDS = 5 * 60;

/** The renewal age for tokens that live `jwtMaxAgeSeconds`: at most a third of it, so a renewal always lands before expiry. */
export function renewalIntervalSeconds(jwtMaxAgeSeconds: number): number {
  return Math.max(1, Math.min(RENEWAL_INTERVAL_SECONDS, Math.floor(jwtMaxAgeSeconds / 3)));
}
