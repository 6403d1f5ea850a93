import "server-only";
import { prisma } from "@/lib/db/client";
import { hashSessionToken } from "@/lib/auth/token-hash";

/** Deletes the Session row behind a cookie's token; false when there was none (already revoked or expired). */
export async function retireDatabaseSession(sessionToken: string): Promise<boolean> {
  const { count } = await prisma().session.deleteMany({ where: { sessionToken: hashSessionToken(sessionToken) } });
  return count === 1;
}
