import "server-only";
import { prisma } from "@/lib/db/client";
import { callSessionStore } from "@/lib/db/store-unavailable";
import { revokeOtherDevices, type CurrentDevice } from "@/lib/auth/devices/devices";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords/password";

export type ChangePasswordResult = { ok: true; revoked: number } | { ok: false; reason: "wrong-password" | "no-password" };

/**
 * Sets a new password and revokes every other credential of the person, in one transaction, so a
 * stolen session ends with the password that was stolen with it. Only someone who knows the current
 * password may change it: a session alone (perhaps a stolen one) cannot. An outage throws
 * SessionStoreUnavailableError.
 */
export async function changePassword(
  userId: string,
  current: CurrentDevice,
  currentPassword: string,
  newPassword: string,
): Promise<ChangePasswordResult> {
  return callSessionStore(() => changePasswordInStore(userId, current, currentPassword, newPassword));
}

async function changePasswordInStore(
  userId: string,
  current: CurrentDevice,
  currentPassword: string,
  newPassword: string,
): Promise<ChangePasswordResult> {
  const user = await prisma().user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!user.passwordHash) return { ok: false, reason: "no-password" };
  if (!(await verifyPassword(currentPassword, user.passwordHash))) return { ok: false, reason: "wrong-password" };
  const passwordHash = await hashPassword(newPassword);
  const revoked = await prisma().$transaction(async (transaction) => {
    await transaction.user.update({ where: { id: userId }, data: { passwordHash } });
    return revokeOtherDevices(userId, current, transaction);
  });
  return { ok: true, revoked };
}
