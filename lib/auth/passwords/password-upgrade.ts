import "server-only";
import { prisma } from "@/lib/db/client";
import { hashPassword, needsRehash } from "@/lib/auth/passwords/password";

/**
 * After a successful sign-in, re-hashes a password stored at an older, cheaper cost. Conditional on
 * the old hash, so a password change that lands in between is never overwritten.
 */
export async function upgradePasswordHashIfWeak(userId: string, storedHash: string, password: string): Promise<boolean> {
  if (!needsRehash(storedHash)) return false;
  const passwordHash = await hashPassword(password);
  const { count } = await prisma().user.updateMany({ where: { id: userId, passwordHash: storedHash }, data: { passwordHash } });
  return count === 1;
}
