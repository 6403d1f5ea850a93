import "server-only";
import type { JWT } from "next-auth/jwt";
import { prisma } from "@/lib/db/client";
import { readRequestContext } from "@/lib/auth/request-context";
import { hashSessionToken } from "@/lib/auth/issue/token-hash";
import { newSessionToken } from "@/lib/auth/issue/session-cookie";
import { grantEndsAt, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import type { SessionStore, SessionUser } from "@/lib/auth/stores/session-store";
import { sealJwt } from "@/lib/auth/issue/jwt-seal";
import type { SessionDto } from "@/lib/auth/read/session-dto";

/** A credential ready for the session cookie: its value and when the cookie should expire. */
export type IssuedCredential = { value: string; expires: Date };

export type NewDatabaseSession = {
  /** The raw token for the cookie; only its hash is stored. */
  sessionToken: string;
  userId: string;
  expires: Date;
  /** The original sign-in, when the session continues one (a mode switch); a sign-in's own time otherwise. */
  authenticatedAt?: Date;
};

/** The person's public fields, which a store without a join to User (Redis, memory) keeps beside the session. */
async function sessionUser(userId: string): Promise<SessionUser> {
  const user = await prisma().user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, email: true, image: true },
  });
  if (!user) throw new Error("A session was asked for a person who does not exist");
  return user;
}

/** Stores a session for this device in `store`, keeping only the token's hash (Auth.js's own sign-ins hand their token here). */
export async function storeDatabaseSession(session: NewDatabaseSession, store: SessionStore): Promise<void> {
  const [device, user] = await Promise.all([readRequestContext(), sessionUser(session.userId)]);
  const now = new Date();
  await store.create({
    ...device,
    tokenHash: hashSessionToken(session.sessionToken),
    user,
    expires: session.expires,
    authenticatedAt: session.authenticatedAt ?? now,
    lastActiveAt: now,
  });
}

/**
 * A new opaque token and its session in `store`. Continuing a sign-in (`authenticatedAt`), the session
 * never outlives that sign-in's grant.
 */
export async function issueDatabaseSession(
  userId: string,
  store: SessionStore,
  { lifetimeSeconds = SESSION_MAX_AGE_SECONDS, authenticatedAt }: { lifetimeSeconds?: number; authenticatedAt?: Date } = {},
): Promise<IssuedCredential> {
  const lifetimeEnd = Date.now() + lifetimeSeconds * 1000;
  const expires = new Date(authenticatedAt ? Math.min(lifetimeEnd, grantEndsAt(authenticatedAt).getTime()) : lifetimeEnd);
  const sessionToken = newSessionToken();
  await storeDatabaseSession({ sessionToken, userId, expires, authenticatedAt }, store);
  return { value: sessionToken, expires };
}

/**
 * Records a JWT grant for this device and returns its id, the token's `sid` claim. The grant ends
 * SESSION_MAX_AGE_SECONDS after the original sign-in, which a mode switch carries over.
 */
export async function registerIssuedToken(userId: string, authenticatedAt = new Date()): Promise<string> {
  const device = await readRequestContext();
  const row = await prisma().issuedToken.create({
    data: { userId, ...device, expiresAt: grantEndsAt(authenticatedAt) },
  });
  return row.id;
}

/** The claims that tie a token to its grant: the grant's id, the original sign-in, and the last renewal (seconds). */
export async function startTokenGrant(
  userId: string,
  authenticatedAt: Date,
): Promise<Pick<JWT, "sid" | "authTime" | "renewedAt">> {
  const sid = await registerIssuedToken(userId, authenticatedAt);
  return { sid, authTime: Math.floor(authenticatedAt.getTime() / 1000), renewedAt: Math.floor(Date.now() / 1000) };
}

export type JwtSealing = {
  /** The session cookie's name: Auth.js salts the key with it. */
  cookieName: string;
  /** AUTH_SECRET first (it seals), then the previous secrets. */
  secrets: [string, ...string[]];
  /** Lifetime of a jwt-mode token, in seconds (AUTH_JWT_MAX_AGE). */
  maxAgeSeconds: number;
};

/** A JWE with the claims Auth.js itself puts in a jwt-mode cookie, on a new grant continuing the sign-in at `authenticatedAt`. */
export async function issueJwt(user: SessionDto["user"], authenticatedAt: Date, sealing: JwtSealing): Promise<IssuedCredential> {
  const grant = await startTokenGrant(user.id, authenticatedAt);
  const token = { sub: user.id, name: user.name, email: user.email, picture: user.image, ...grant };
  return sealJwt({ token, secret: sealing.secrets, salt: sealing.cookieName, maxAge: sealing.maxAgeSeconds });
}
