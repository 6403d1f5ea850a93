import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter } from "next-auth/adapters";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import type { SessionStore } from "@/lib/auth/stores";
import { storeDatabaseSession } from "@/lib/auth/session/issue";
import { grantEndsAt, LAST_ACTIVE_RESOLUTION_SECONDS } from "@/lib/auth/session-lifetime";
import {
  sealVerificationToken,
  consumeVerificationToken,
  storeVerificationToken,
} from "@/lib/auth/sign-in-links/verification-tokens";
import { currentReadContext, readStoreCall } from "@/lib/auth/session/read-context";

/**
 * Auth.js's Prisma adapter for people and sign-in links, with sessions in the browser's session store:
 * stores keep a SHA-256 of the token (so a leaked table or keyspace cannot be replayed), remember the
 * device, and time their calls for the lab's measurements. Auth.js keeps handling the raw token; only
 * the store sees the hash.
 */
export function createLabAdapter(store: SessionStore, secrets: readonly [string, ...string[]] = getEnv().authSecrets): Adapter {
  const base = PrismaAdapter(prisma());
  return {
    ...base,
    // Sign-in links: sealed with the first secret, opened with any, so a rotation does not void links in flight.
    async createVerificationToken(token) {
      return storeVerificationToken({ ...token, token: sealVerificationToken(token.token, secrets[0]) });
    },
    async useVerificationToken({ identifier, token }) {
      for (const secret of secrets) {
        const used = await consumeVerificationToken({ identifier, token: sealVerificationToken(token, secret) });
        if (used) return used;
      }
      return null;
    },
    async createSession(session) {
      await storeDatabaseSession(session, store);
      // Auth.js writes the returned token into the cookie: it must be the raw one.
      return session;
    },
    async getSessionAndUser(sessionToken) {
      const tokenHash = hashSessionToken(sessionToken);
      const found = await readStoreCall(() => store.findByHash(tokenHash));
      if (!found) return null;
      // Activity slides `expires`, but a sign-in's grant ends 30 days after it, in this mode too.
      if (grantEndsAt(found.authenticatedAt).getTime() <= Date.now()) {
        await readStoreCall(() => store.deleteByHash(tokenHash));
        return null;
      }
      const read = currentReadContext();
      if (read) read.sessionRow = { id: found.id, expires: found.expires };
      if (!found.lastActiveAt || Date.now() - found.lastActiveAt.getTime() > LAST_ACTIVE_RESOLUTION_SECONDS * 1000) {
        await readStoreCall(() => store.touch(tokenHash, { lastActiveAt: new Date() }));
      }
      const { user, ...stored } = found;
      return {
        // Only what the session callback maps to the DTO; a store without a join keeps no more of the person.
        user: { ...user, email: user.email ?? "", emailVerified: null },
        session: { sessionToken, userId: stored.userId, expires: stored.expires, authenticatedAt: stored.authenticatedAt },
      };
    },
    // Auth.js calls this only to slide the expiry, and does not read the answer.
    async updateSession({ sessionToken, expires }) {
      await readStoreCall(() => store.touch(hashSessionToken(sessionToken), { expires }));
      return undefined;
    },
    // Auth.js deletes whatever token a stale cookie holds; a session that is already gone is not an error.
    async deleteSession(sessionToken) {
      await readStoreCall(() => store.deleteByHash(hashSessionToken(sessionToken)));
    },
  };
}
