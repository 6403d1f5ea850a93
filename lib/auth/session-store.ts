import "server-only";
import { prisma } from "@/lib/db/client";

/** Deletes the Session row behind `sessionToken`; false when there was none (already revoked or expired). */
export async function retireDatabaseSession(sessionToken: string): Promise<boolean> {
  const { count } = await prisma().session.deleteMany({ where: { sessionToken } });
  return count === 1;
}
