import "server-only";
import type pg from "pg";
import { redisSessionConnection } from "@/lib/db/redis-client";
import { SessionStoreUnavailableError } from "@/lib/db/store-unavailable";
import { createMemorySessionStore } from "@/lib/auth/stores/memory-session-store";
import { createPostgresSessionStore } from "@/lib/auth/stores/postgres-session-store";
import { createRedisSessionStore } from "@/lib/auth/stores/redis-session-store";
import type { SessionStore, SessionStoreName } from "@/lib/auth/stores/session-store";
import { checkingCredentialEpoch } from "@/lib/auth/stores/credential-epoch";

export type { SessionStore, SessionStoreName } from "@/lib/auth/stores/session-store";

// Per module: a store object keeps nothing of its own; what it works on (the pool, the Redis connection, the
// memory map) is per process on globalThis already.
const cache: Partial<Record<SessionStoreName, SessionStore>> = {};
const uncheckedCache: Partial<Record<SessionStoreName, SessionStore>> = {};

/** Whether this server has a Redis to keep sessions in (REDIS_URL, set by `npm start` when redis-server is installed). */
export function redisStoreConfigured(): boolean {
  return redisSessionConnection() !== undefined;
}

/** A store this server has not got: every call is an outage, so a browser that holds a session there is told so, never signed out. */
function missingSessionStore(name: SessionStoreName, why: string): SessionStore {
  const unavailable = () => Promise.reject(new SessionStoreUnavailableError(new Error(why)));
  return {
    name,
    ping: unavailable,
    create: unavailable,
    findByHash: unavailable,
    touch: unavailable,
    deleteByHash: unavailable,
    deleteById: unavailable,
    listLive: unavailable,
    deleteAllForUser: unavailable,
    countLive: unavailable,
    deleteExpired: unavailable,
  };
}

/** The store itself, without the credential epoch's check at read (PostgreSQL's is in its own join). */
function uncheckedSessionStore(name: SessionStoreName): SessionStore {
  const cached = uncheckedCache[name];
  if (cached) return cached;
  if (name === "redis") {
    // The environment is read once per process, so whether there is a Redis does not change either.
    const connection = redisSessionConnection();
    return (uncheckedCache[name] = connection
      ? createRedisSessionStore(connection)
      : missingSessionStore(name, "No Redis is configured (REDIS_URL)"));
  }
  return (uncheckedCache[name] = name === "postgres" ? createPostgresSessionStore() : createMemorySessionStore());
}

/**
 * The store behind a name. Redis without REDIS_URL is an outage, not a fallback: the sessions a browser
 * holds there cannot be read from anywhere else. Every read refuses a session issued before its person's
 * credential epoch: PostgreSQL in the same query, Redis and memory with a read of the person's row.
 */
export function sessionStoreFor(name: SessionStoreName): SessionStore {
  const cached = cache[name];
  if (cached) return cached;
  const store = uncheckedSessionStore(name);
  return (cache[name] = name === "postgres" ? store : checkingCredentialEpoch(store));
}

/**
 * The store for work done while a person's row is locked (lib/auth/stores/person-lock.ts): PostgreSQL through
 * the connection holding the lock, so the work needs no second connection; the others unchecked, since the
 * lock's holder has the epoch in hand.
 */
export function sessionStoreWithinLock(name: SessionStoreName, lockConnection: pg.PoolClient): SessionStore {
  return name === "postgres" ? createPostgresSessionStore(() => lockConnection) : uncheckedSessionStore(name);
}

/** Every store this server can hold sessions in: revocations and cleanup reach all of them. */
export function configuredSessionStores(): SessionStore[] {
  const names: SessionStoreName[] = redisStoreConfigured() ? ["postgres", "redis", "memory"] : ["postgres", "memory"];
  return names.map((name) => sessionStoreFor(name));
}

/** Whether a store answers now: Settings offers Redis only then, and says why not otherwise. */
export async function sessionStoreAnswers(name: SessionStoreName): Promise<boolean> {
  if (name === "redis" && !redisStoreConfigured()) return false;
  try {
    await sessionStoreFor(name).ping();
    return true;
  } catch {
    return false;
  }
}
