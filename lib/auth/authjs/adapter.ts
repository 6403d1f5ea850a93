import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterSession } from "next-auth/adapters";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { hashSessionToken } from "@/lib/auth/issue/token-hash";
import { retireDatabaseSession } from "@/lib/auth/devices/session-store";
import { storeDatabaseSession } from "@/lib/auth/issue/issue-credentials";
import { grantEndsAt, LAST_ACTIVE_RESOLUTION_SECONDS } from "@/lib/auth/session-lifetime";
import { sealVerificationToken } from "@/lib/auth/sign-in-links/verification-token-seal";
import { consumeVerificationToken, storeVerificationToken } from "@/lib/auth/sign-in-links/verification-tokens";
import { currentSessionRead, traceDbCall } from "@/lib/auth/read/session-read-trace";

type SessionRow = AdapterSession & { id: string; createdAt: Date; lastActiveAt: Date | null; authenticatedAt: Date };

/**
 * Auth.js's Prisma adapter, wrapped: Session rows store a SHA-256 of the token (so a leaked table
 * cannot be replayed), remember the device, and time their calls for the lab's measurements.
 * Auth.js keeps handling the raw token; only the table sees the hash.
 */
export function createLabAdapter(secrets: readonly [string, ...string[]] = getEnv().authSecrets): Adapter {
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
      await storeDatabaseSession(session);
      // Auth.js writes the returned token into the cookie: it must be the raw one.
      return session;
    },
    async getSessionAndUser(sessionToken) {
      const found = await traceDbCall(async () => {
        if (!base.getSessionAndUser) throw new Error("Auth.js's Prisma adapter has no getSessionAndUser");
        return base.getSessionAndUser(hashSessionToken(sessionToken));
      });
      if (!found) return null;
      const row = found.session as SessionRow;
      // Activity slides `expires`, but a sign-in's grant ends 30 days after it, in this mode too.
      if (grantEndsAt(row.authenticatedAt).getTime() <= Date.now()) {
        await traceDbCall(() => retireDatabaseSession(sessionToken));
        return null;
      }
      const read = currentSessionRead();
      if (read) read.sessionRow = { id: row.id, expires: row.expires };
      if (!row.lastActiveAt || Date.now() - row.lastActiveAt.getTime() > LAST_ACTIVE_RESOLUTION_SECONDS * 1000) {
        await traceDbCall(() => prisma().session.updateMany({ where: { id: row.id }, data: { lastActiveAt: new Date() } }));
      }
      return { user: found.user, session: { ...found.session, sessionToken } };
    },
    async updateSession(session) {
      const updated = await traceDbCall(async () => {
        if (!base.updateSession) throw new Error("Auth.js's Prisma adapter has no updateSession");
        return base.updateSession({ ...session, sessionToken: hashSessionToken(session.sessionToken) });
      });
      return updated ? { ...updated, sessionToken: session.sessionToken } : updated;
    },
    // Auth.js deletes whatever token a stale cookie holds; a row that is already gone is not an error.
    async deleteSession(sessionToken) {
      await traceDbCall(() => retireDatabaseSession(sessionToken));
    },
  };
}
