import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { RequestContext } from "@/lib/auth/request-context";

import type { SessionStoreName } from "@/lib/auth/mode";

export { SESSION_STORE_NAMES, type SessionStoreName } from "@/lib/auth/mode";

/** The person's public fields, as a session read hands them to the session DTO; never the password hash. */
export type SessionUser = { id: string; name: string | null; email: string | null; image: string | null };

export type NewStoredSession = RequestContext & {
  /** SHA-256 hex of the cookie's token (lib/auth/tokens/opaque-token.ts); the token itself is never stored. */
  tokenHash: string;
  /** Copied into stores that keep no join (Redis), so that a read is one round trip. */
  user: SessionUser;
  expires: Date;
  /** The original sign-in; the session never outlives its grant (lib/auth/session-lifetime.ts). */
  authenticatedAt: Date;
  lastActiveAt: Date | null;
  /** When it counts as issued, for the person's credential epoch (lib/auth/stores/credential-epoch.ts); now when left out. */
  createdAt?: Date;
};

/** A session as the devices page and the read path see it: never its token or the token's hash. */
export type StoredSession = RequestContext & {
  /** Cuid-shaped in every store, so deviceRefSchema accepts it from a form. */
  id: string;
  userId: string;
  expires: Date;
  authenticatedAt: Date;
  lastActiveAt: Date | null;
  createdAt: Date;
};

export type StoredSessionWithUser = StoredSession & { user: SessionUser };

/** What a read may record: a null-free subset; an absent field is left alone. */
type SessionTouch = { lastActiveAt?: Date; expires?: Date };

/**
 * Everything the app does with database-mode sessions, one store at a time. A store that does not answer
 * throws SessionStoreUnavailableError (lib/db/store-unavailable.ts); no method answers "none" for an outage.
 */
export type SessionStore = {
  readonly name: SessionStoreName;
  /** Resolves when the store answers; throws SessionStoreUnavailableError when it does not. */
  ping(): Promise<void>;
  create(session: NewStoredSession): Promise<StoredSession>;
  /** The live session behind a token's hash with its person's public fields, in one round trip; undefined once expired or deleted. */
  findByHash(tokenHash: string): Promise<StoredSessionWithUser | undefined>;
  /** False when the session is gone: a touch never brings a deleted session back. */
  touch(tokenHash: string, changes: SessionTouch): Promise<boolean>;
  /** Deletes and returns the session behind a token's hash; of parallel callers with one hash only one gets it. */
  deleteByHash(tokenHash: string): Promise<StoredSession | undefined>;
  /** Revokes one of the person's own sessions by its id; false when it does not exist or is someone else's. */
  deleteById(userId: string, id: string): Promise<boolean>;
  /** The person's live sessions, newest first. */
  listLive(userId: string): Promise<StoredSession[]>;
  /** Deletes every session of the person, or every one but `exceptId`; returns how many went. */
  deleteAllForUser(userId: string, options?: { exceptId?: string }): Promise<number>;
  /** How many sessions the store holds that have not expired (every person's): the lab's "where the state lives". */
  countLive(): Promise<number>;
  /** Deletes sessions whose expiry is before `now` (and, in Redis, index entries of sessions already gone); returns how many sessions went. */
  deleteExpired(now?: Date): Promise<number>;
};

const TOKEN_HASH = /^[0-9a-f]{64}$/;
// Cuids from PostgreSQL, or this module's own ids: never anything a client typed.
const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Refuses anything but a SHA-256 hex digest where a token's hash belongs (a key, a WHERE clause). */
export function assertTokenHash(tokenHash: string): string {
  if (!TOKEN_HASH.test(tokenHash)) throw new TypeError("A session token hash must be 64 lowercase hex characters");
  return tokenHash;
}

/** Refuses anything but an id shape (a user's or a session's) where one is built into a key. */
export function assertRecordId(id: string, what: string): string {
  if (!RECORD_ID.test(id)) throw new TypeError(`Not a ${what} id`);
  return id;
}

/** A new session id for stores without PostgreSQL's cuid default: 25 lowercase characters, cuid-shaped. */
export function newSessionId(): string {
  return `s${randomBytes(12).toString("hex")}`;
}

/** A device reference from a form or a URL: its kind and a cuid-shaped id. */
export const deviceRefSchema = z.object({
  kind: z.enum(["session", "token"]),
  id: z.string().regex(/^[a-z0-9]{20,40}$/, "Not a device id"),
});
