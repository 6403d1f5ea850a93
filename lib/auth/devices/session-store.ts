import "server-only";
import { hashSessionToken } from "@/lib/auth/issue/token-hash";
import type { SessionStore } from "@/lib/auth/stores";

/** Deletes the session behind a cookie's token from its store; false when there was none (already revoked or expired). */
export async function retireDatabaseSession(sessionToken: string, store: SessionStore): Promise<boolean> {
  return (await store.deleteByHash(hashSessionToken(sessionToken))) !== undefined;
}

/**
 * Deletes the session behind a cookie's token and returns when its person originally signed in, or null
 * when there was none. Atomic in every store, so of parallel callers with one token only one wins.
 */
export async function consumeDatabaseSession(
  sessionToken: string,
  store: SessionStore,
): Promise<{ authenticatedAt: Date } | null> {
  const retired = await store.deleteByHash(hashSessionToken(sessionToken));
  return retired ? { authenticatedAt: retired.authenticatedAt } : null;
}
