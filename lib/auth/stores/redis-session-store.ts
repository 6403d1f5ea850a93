import "server-only";
import { z } from "zod";
import { callSessionStore } from "@/lib/db/store-unavailable";
import type { RedisConnection } from "@/lib/db/redis-client";
import { getEnv } from "@/lib/env";
import { databaseSessionEndsAt } from "@/lib/auth/session-lifetime";
import { redisSessionMac, type MacFields, type RedisSessionMac } from "@/lib/auth/stores/redis-session-mac";
import {
  assertRecordId,
  assertTokenHash,
  newSessionId,
  type SessionStore,
  type SessionUser,
  type StoredSession,
  type StoredSessionWithUser,
} from "@/lib/auth/stores/session-store";

/**
 * Keys, built only from a token's SHA-256 hex and ids this app made, never from client text:
 * - `<prefix>session:<sha256>`: a hash with the session and its person's public fields, expiring with the session;
 * - `<prefix>user-sessions:<userId>`: a set of that person's token hashes, for listing and revoking. It has no
 *   TTL on purpose: one that ran out before a session it indexes would hide that session from "sign out
 *   everywhere". Members whose session has gone are pruned when met, and by deleteExpired.
 */
function redisSessionKeys(prefix = "lab:") {
  if (!/^[a-z0-9:_-]{1,32}$/.test(prefix))
    throw new TypeError("A Redis key prefix is lowercase letters, digits, ':', '_' or '-'");
  return {
    session: (tokenHash: string) => `${prefix}session:${assertTokenHash(tokenHash)}`,
    sessionPattern: `${prefix}session:*`,
    userSessions: (userId: string) => `${prefix}user-sessions:${assertRecordId(userId, "user")}`,
    userSessionsPattern: `${prefix}user-sessions:*`,
  };
}

// Sets fields only while the session exists: a touch racing a revocation must not bring back a partial hash.
// A new expiry comes with its new MAC, and lands only on the hash that was read and verified (same old MAC).
const TOUCH_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[2] ~= '' then
  if redis.call('HGET', KEYS[1], 'mac') ~= ARGV[3] then return 0 end
  redis.call('HSET', KEYS[1], 'expires', ARGV[2], 'mac', ARGV[4])
  redis.call('PEXPIREAT', KEYS[1], ARGV[5])
end
if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'lastActiveAt', ARGV[1]) end
return 1`;

// Instants as milliseconds since the epoch; an absent field is null.
const instant = z.coerce
  .number()
  .int()
  .transform((ms) => new Date(ms));
const storedHashSchema = z.object({
  id: z.string(),
  userId: z.string(),
  expires: instant,
  authenticatedAt: instant,
  createdAt: instant,
  lastActiveAt: instant.optional(),
  userAgent: z.string().optional(),
  ipAddress: z.string().optional(),
  userName: z.string().optional(),
  userEmail: z.string().optional(),
  userImage: z.string().optional(),
  mac: z.string().optional(),
});
type StoredHash = z.infer<typeof storedHashSchema>;

/** HGETALL's reply as a plain record, whichever RESP version the client speaks. */
function hashReply(reply: unknown): Record<string, string> {
  const entries: unknown = reply instanceof Map ? Object.fromEntries(reply as Map<unknown, unknown>) : reply;
  return z.record(z.string(), z.string()).parse(entries);
}

/** The fields the MAC covers, as stored (text), so that verifying never depends on parsing. */
function macFields(tokenHash: string, fields: Record<string, string | null | undefined>): MacFields {
  const text = (name: string) => fields[name] ?? undefined;
  return {
    tokenHash,
    id: text("id") ?? "",
    userId: text("userId") ?? "",
    expires: text("expires") ?? "",
    authenticatedAt: text("authenticatedAt") ?? "",
    createdAt: text("createdAt") ?? "",
    userName: text("userName"),
    userEmail: text("userEmail"),
    userImage: text("userImage"),
  };
}

/** What a read found under a key: nothing, a verified session, or a hash that fails its MAC (altered, or written before MACs). */
type HashReading = { kind: "absent" } | { kind: "verified"; stored: StoredHash } | { kind: "unverified" };

function readHash(reply: unknown, tokenHash: string, mac: RedisSessionMac): HashReading {
  const fields = hashReply(reply);
  if (Object.keys(fields).length === 0) return { kind: "absent" };
  const parsed = storedHashSchema.safeParse(fields);
  if (!parsed.success || !mac.verify(macFields(tokenHash, fields), parsed.data.mac)) return { kind: "unverified" };
  return { kind: "verified", stored: parsed.data };
}

const toSession = (hash: StoredHash): StoredSession => ({
  id: hash.id,
  userId: hash.userId,
  expires: hash.expires,
  authenticatedAt: hash.authenticatedAt,
  lastActiveAt: hash.lastActiveAt ?? null,
  createdAt: hash.createdAt,
  userAgent: hash.userAgent ?? null,
  ipAddress: hash.ipAddress ?? null,
});

const toUser = (hash: StoredHash): SessionUser => ({
  id: hash.userId,
  name: hash.userName ?? null,
  email: hash.userEmail ?? null,
  image: hash.userImage ?? null,
});

/** The hash's fields for a new session; null values are left out rather than stored as text. */
function newHashFields(
  id: string,
  session: Parameters<SessionStore["create"]>[0],
  createdAt: Date,
  mac: RedisSessionMac,
): Record<string, string> {
  const fields: Record<string, string | null | undefined> = {
    id,
    userId: session.user.id,
    expires: String(session.expires.getTime()),
    authenticatedAt: String(session.authenticatedAt.getTime()),
    createdAt: String(createdAt.getTime()),
    lastActiveAt: session.lastActiveAt && String(session.lastActiveAt.getTime()),
    userAgent: session.userAgent,
    ipAddress: session.ipAddress,
    userName: session.user.name,
    userEmail: session.user.email,
    userImage: session.user.image,
  };
  const stored = Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  return { ...stored, mac: mac.sign(macFields(session.tokenHash, stored)) };
}

/** When Redis drops a session's key: its sliding expiry, but never after its sign-in's 30-day end. */
const keyExpiresAt = (expires: Date, authenticatedAt: Date) => databaseSessionEndsAt(expires, authenticatedAt).getTime();

export type RedisSessionStoreOptions = {
  /** AUTH_SECRET first, then AUTH_PREVIOUS_SECRETS (the environment's by default): the MAC key is derived from each. */
  secrets?: readonly [string, ...string[]];
  /** Every key starts with it; the app's Redis user may touch only `lab:` keys. */
  prefix?: string;
  log?: (line: string) => void;
};

// Enough to say "once per hash" for a lab's worth of tampering, bounded so a flood cannot grow it.
const REPORTED_HASHES_LIMIT = 10_000;

/**
 * Sessions in Redis: one hash per session under its token's hash, expiring with it (PEXPIREAT), and a
 * per-person set of hashes. The person's public fields are copied in at create, so a read is one HGETALL.
 * Each hash carries an HMAC of what a read trusts (redis-session-mac.ts): whoever can write to Redis still
 * cannot make a session for anyone, and a hash that fails it is treated as absent.
 * Single-node Redis (each multi-key step is a MULTI or a read, never a cross-slot script).
 */
export function createRedisSessionStore(
  connection: RedisConnection,
  { secrets = getEnv().authSecrets, prefix = "lab:", log = (line: string) => console.error(line) }: RedisSessionStoreOptions = {},
): SessionStore {
  const keys = redisSessionKeys(prefix);
  const mac = redisSessionMac(secrets);
  const { client } = connection;
  const call = <T>(work: () => Promise<T>) => callSessionStore(() => connection.run(work));

  const reported = new Set<string>();
  /** A verified session under `tokenHash`, or undefined; a hash that fails its MAC is logged once, never its contents. */
  const verified = (reply: unknown, tokenHash: string): StoredHash | undefined => {
    const reading = readHash(reply, tokenHash, mac);
    if (reading.kind === "verified") return reading.stored;
    if (reading.kind === "unverified" && !reported.has(tokenHash)) {
      if (reported.size >= REPORTED_HASHES_LIMIT) reported.clear();
      reported.add(tokenHash);
      log(
        "[redis] a session hash failed its integrity check (altered in Redis, or written before session MACs); treated as signed out",
      );
    }
    return undefined;
  };

  /** The person's indexed sessions (hash and stored fields); index entries whose session is gone are pruned. */
  const indexed = async (userId: string) => {
    const index = keys.userSessions(userId);
    const hashes = await client.sMembers(index);
    const replies = await Promise.all(hashes.map((hash) => client.hGetAll(keys.session(hash))));
    const found: { tokenHash: string; stored: StoredHash }[] = [];
    const gone: string[] = [];
    hashes.forEach((tokenHash, position) => {
      const stored = verified(replies[position], tokenHash);
      // A hash planted in someone's index names its own person: it is not theirs.
      if (stored?.userId === userId) found.push({ tokenHash, stored });
      else gone.push(tokenHash);
    });
    if (gone.length > 0) await client.sRem(index, gone);
    return found;
  };

  /** Deletes sessions by hash and drops them from the person's index; returns how many existed. */
  const deleteHashes = async (userId: string, tokenHashes: string[]) => {
    if (tokenHashes.length === 0) return 0;
    const [deleted] = await client
      .multi()
      .del(tokenHashes.map((hash) => keys.session(hash)))
      .sRem(keys.userSessions(userId), tokenHashes)
      .exec();
    return Number(deleted);
  };

  return {
    name: "redis",

    ping() {
      return call(async () => {
        await client.ping();
      });
    },

    create(session) {
      return call(async () => {
        const key = keys.session(session.tokenHash);
        const id = newSessionId();
        const createdAt = new Date(session.createdAt ?? Date.now());
        await client
          .multi()
          .del(key)
          .hSet(key, newHashFields(id, session, createdAt, mac))
          .pExpireAt(key, keyExpiresAt(session.expires, session.authenticatedAt))
          .sAdd(keys.userSessions(session.user.id), session.tokenHash)
          .exec();
        return {
          id,
          userId: session.user.id,
          expires: new Date(session.expires),
          authenticatedAt: new Date(session.authenticatedAt),
          lastActiveAt: session.lastActiveAt && new Date(session.lastActiveAt),
          createdAt,
          userAgent: session.userAgent,
          ipAddress: session.ipAddress,
        };
      });
    },

    findByHash(tokenHash) {
      return call(async () => {
        const stored = verified(await client.hGetAll(keys.session(tokenHash)), tokenHash);
        // The key's TTL ends it; the check covers a clock on Redis's host that lags this one.
        if (!stored || stored.expires.getTime() <= Date.now()) return undefined;
        const found: StoredSessionWithUser = { ...toSession(stored), user: toUser(stored) };
        return found;
      });
    },

    touch(tokenHash, changes) {
      return call(async () => {
        const key = keys.session(tokenHash);
        // A new expiry needs a new MAC, so the hash is read and verified first; the script applies it only to that hash.
        let expiry = { expires: "", previousMac: "", mac: "", keyExpiresAt: "" };
        if (changes.expires) {
          const fields = hashReply(await client.hGetAll(key));
          const stored = verified(fields, tokenHash);
          if (!stored?.mac) return false;
          const expires = String(changes.expires.getTime());
          expiry = {
            expires,
            previousMac: stored.mac,
            mac: mac.sign(macFields(tokenHash, { ...fields, expires })),
            keyExpiresAt: String(keyExpiresAt(changes.expires, stored.authenticatedAt)),
          };
        }
        const touched = await client.eval(TOUCH_SCRIPT, {
          keys: [key],
          arguments: [
            changes.lastActiveAt ? String(changes.lastActiveAt.getTime()) : "",
            expiry.expires,
            expiry.previousMac,
            expiry.mac,
            expiry.keyExpiresAt,
          ],
        });
        return touched === 1;
      });
    },

    deleteByHash(tokenHash) {
      return call(async () => {
        const key = keys.session(tokenHash);
        // One transaction: of parallel callers only the one whose DEL removed the key gets the session.
        const [fields, deleted] = await client.multi().hGetAll(key).del(key).exec();
        // An unverified hash is deleted too (it is no session), and reported as none.
        const stored = verified(fields, tokenHash);
        if (!stored || Number(deleted) !== 1) return undefined;
        await client.sRem(keys.userSessions(stored.userId), tokenHash);
        return toSession(stored);
      });
    },

    deleteById(userId, id) {
      return call(async () => {
        const match = (await indexed(userId)).find(({ stored }) => stored.id === id);
        return match ? (await deleteHashes(userId, [match.tokenHash])) === 1 : false;
      });
    },

    listLive(userId) {
      return call(async () => {
        const now = Date.now();
        return (await indexed(userId))
          .map(({ stored }) => toSession(stored))
          .filter((session) => session.expires.getTime() > now)
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.id.localeCompare(b.id));
      });
    },

    deleteAllForUser(userId, { exceptId } = {}) {
      return call(async () => {
        const doomed = (await indexed(userId)).filter(({ stored }) => stored.id !== exceptId);
        return deleteHashes(
          userId,
          doomed.map(({ tokenHash }) => tokenHash),
        );
      });
    },

    countLive() {
      return call(async () => {
        // Each session key expires with its session: the keys there are the live sessions. A full SCAN, fine at the lab's sizes.
        let count = 0;
        for await (const sessionKeys of client.scanIterator({ MATCH: keys.sessionPattern, COUNT: 1000 }))
          count += sessionKeys.length;
        return count;
      });
    },

    deleteExpired(now = new Date()) {
      return call(async () => {
        // Redis expires the sessions themselves; this honours `now` and prunes the per-person indexes.
        let deleted = 0;
        for await (const indexKeys of client.scanIterator({ MATCH: keys.userSessionsPattern, COUNT: 200 })) {
          for (const indexKey of indexKeys) {
            const userId = indexKey.slice(keys.userSessionsPattern.length - 1);
            const expired = (await indexed(userId))
              .filter(({ stored }) => stored.expires.getTime() < now.getTime())
              .map(({ tokenHash }) => tokenHash);
            deleted += await deleteHashes(userId, expired);
          }
        }
        return deleted;
      });
    },
  };
}
