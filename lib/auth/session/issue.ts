import "server-only";
import type { JWT } from "next-auth/jwt";
import { readRequestContext, type RequestContext } from "@/lib/auth/request-context";
import { withPersonLocked, type LockedPerson } from "@/lib/auth/stores/person-lock";
import { hashSessionToken, newSessionToken } from "@/lib/auth/tokens/opaque-token";
import { grantEndsAt, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { newSessionId, type SessionStore, type SessionStoreName } from "@/lib/auth/stores/session-store";
import { sealJwt, type JwtSealing } from "@/lib/auth/tokens/seal";
import type { SessionDto } from "@/lib/auth/session/types";

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

/**
 * Stores a session for this device in the store `store` names, keeping only the token's hash (Auth.js's own
 * sign-ins hand their token here). Written while the person's row is locked, after any revocation that got
 * there first: the session then counts as issued after its epoch.
 */
export async function storeDatabaseSession(session: NewDatabaseSession, store: Pick<SessionStore, "name">): Promise<void> {
  const device = await readRequestContext();
  await withPersonLocked(session.userId, (person) => storeDatabaseSessionLocked(person, session, store.name, device));
}

/** The write of storeDatabaseSession, for a caller that already holds the person's lock (a switch). */
async function storeDatabaseSessionLocked(
  person: LockedPerson,
  session: NewDatabaseSession,
  storeName: SessionStoreName,
  device: RequestContext,
): Promise<void> {
  const now = person.issueTime();
  await person.store(storeName).create({
    ...device,
    tokenHash: hashSessionToken(session.sessionToken),
    user: person.user,
    expires: session.expires,
    authenticatedAt: session.authenticatedAt ?? now,
    lastActiveAt: now,
    createdAt: now,
  });
}

/** A new session's token and expiry: continuing a sign-in (`authenticatedAt`), it never outlives that sign-in's grant. */
function newDatabaseSession(
  userId: string,
  { lifetimeSeconds = SESSION_MAX_AGE_SECONDS, authenticatedAt }: { lifetimeSeconds?: number; authenticatedAt?: Date },
): NewDatabaseSession {
  const lifetimeEnd = Date.now() + lifetimeSeconds * 1000;
  const expires = new Date(authenticatedAt ? Math.min(lifetimeEnd, grantEndsAt(authenticatedAt).getTime()) : lifetimeEnd);
  return { sessionToken: newSessionToken(), userId, expires, authenticatedAt };
}

/** A new opaque token and its session in the store `store` names (see storeDatabaseSession). */
export async function issueDatabaseSession(
  userId: string,
  store: Pick<SessionStore, "name">,
  options: { lifetimeSeconds?: number; authenticatedAt?: Date } = {},
): Promise<IssuedCredential> {
  const session = newDatabaseSession(userId, options);
  await storeDatabaseSession(session, store);
  return { value: session.sessionToken, expires: session.expires };
}

/** issueDatabaseSession for a caller that already holds the person's lock (a switch). */
export async function issueDatabaseSessionLocked(
  person: LockedPerson,
  storeName: SessionStoreName,
  device: RequestContext,
  options: { authenticatedAt: Date },
): Promise<IssuedCredential> {
  const session = newDatabaseSession(person.user.id, options);
  await storeDatabaseSessionLocked(person, session, storeName, device);
  return { value: session.sessionToken, expires: session.expires };
}

/**
 * Records a JWT grant for this device and returns its id, the token's `sid` claim. The grant ends
 * SESSION_MAX_AGE_SECONDS after the original sign-in, which a mode switch carries over.
 */
export async function registerIssuedToken(userId: string, authenticatedAt = new Date()): Promise<string> {
  const device = await readRequestContext();
  return withPersonLocked(userId, (person) => registerIssuedTokenLocked(person, authenticatedAt, device));
}

/** registerIssuedToken for a caller that already holds the person's lock: the grant is written through its connection. */
async function registerIssuedTokenLocked(person: LockedPerson, authenticatedAt: Date, device: RequestContext): Promise<string> {
  // Prisma's @default(cuid()) runs in Prisma, not in the database: the id comes from here, cuid-shaped.
  const id = newSessionId();
  await person.connection.query({
    name: "lab-register-issued-token",
    text: `INSERT INTO "IssuedToken" (id, "userId", "userAgent", "ipAddress", "createdAt", "expiresAt")
           VALUES ($1, $2, $3, $4, $5::timestamptz AT TIME ZONE 'UTC', $6::timestamptz AT TIME ZONE 'UTC')`,
    values: [
      id,
      person.user.id,
      device.userAgent,
      device.ipAddress,
      person.issueTime().toISOString(),
      grantEndsAt(authenticatedAt).toISOString(),
    ],
  });
  return id;
}

/** The claims that tie a token to its grant: the grant's id, the original sign-in, and the last renewal (seconds). */
async function startTokenGrant(userId: string, authenticatedAt: Date): Promise<Pick<JWT, "sid" | "authTime" | "renewedAt">> {
  const sid = await registerIssuedToken(userId, authenticatedAt);
  return grantClaims(sid, authenticatedAt);
}

/** A new sign-in's claims: its grant (`sid`), when it happened, and its first renewal. */
export async function startJwtGrant(token: JWT, userId: string): Promise<JWT> {
  return { ...token, ...(await startTokenGrant(userId, new Date(Math.floor(Date.now() / 1000) * 1000))) };
}

function grantClaims(sid: string, authenticatedAt: Date): Pick<JWT, "sid" | "authTime" | "renewedAt"> {
  return { sid, authTime: Math.floor(authenticatedAt.getTime() / 1000), renewedAt: Math.floor(Date.now() / 1000) };
}

/** A JWE with the claims Auth.js itself puts in a jwt-mode cookie, on a new grant continuing the sign-in at `authenticatedAt`. */
export async function issueJwtLocked(
  person: LockedPerson,
  user: SessionDto["user"],
  authenticatedAt: Date,
  device: RequestContext,
  sealing: JwtSealing,
): Promise<IssuedCredential> {
  const grant = grantClaims(await registerIssuedTokenLocked(person, authenticatedAt, device), authenticatedAt);
  const token = { sub: user.id, name: user.name, email: user.email, picture: user.image, ...grant };
  return sealJwt(token, sealing);
}
