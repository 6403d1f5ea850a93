import "server-only";
import { prisma } from "@/lib/db/client";
import { revokeOtherDevices, type CurrentDevice } from "@/lib/auth/devices";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

export type ChangePasswordResult = { ok: true; revoked: number } | { ok: false; reason: "wrong-password" };

/**
 * Sets a new password and revokes every other credential of the person, so a stolen session ends
 * with the password that was stolen with it. An account without a password (magic links only) sets one.
 */
export async function changePassword(
  userId: string,
  current: CurrentDevice,
  currentPassword: string,
  newPassword: string,
): Promise<ChangePasswordResult> {
  const user = await prisma().user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (user.passwordHash && !(await verifyPassword(currentPassword, user.passwordHash)))
    return { ok: false, reason: "wrong-password" };
  await prisma().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(newPassword) } });
  return { ok: true, revoked: await revokeOtherDevices(userId, current) };
}
