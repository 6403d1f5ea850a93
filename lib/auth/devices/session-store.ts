import "server-only";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import type { SessionStore } from "@/lib/auth/stores";

/** Deletes the session behind a cookie's token from its store; false when there was none (already revoked or expired). */
export async function retireDatabaseSession(sessionToken: string, store: SessionStore): Promise<boolean> {
  return (await store.deleteByHash(hashSessionToken(sessionToken))) !== undefined;
}
