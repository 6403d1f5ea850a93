import "server-only";
import { prisma } from "@/lib/db/client";
import { hashSessionToken } from "@/lib/auth/issue/token-hash";

/** Deletes the Session row behind a cookie's token; false when there was none (already revoked or expired). */
export async function retireDatabaseSession(sessionToken: string): Promise<boolean> {
  const { count } = await prisma().session.deleteMany({ where: { sessionToken: hashSessionToken(sessionToken) } });
  return count === 1;
}

/**
 * Deletes the Session row behind a cookie's token and returns when its person originally signed in, or
 * null when there was none. One DELETE … RETURNING, so of parallel callers with one token only one wins.
 */
export async function consumeDatabaseSession(sessionToken: string): Promise<{ authenticatedAt: Date } | null> {
  const rows = await prisma().$queryRaw<{ authenticatedAt: Date }[]>`
    DELETE FROM "Session" WHERE "sessionToken" = ${hashSessionToken(sessionToken)} RETURNING "authenticatedAt"`;
  return rows[0] ?? null;
}
