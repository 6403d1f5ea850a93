import "server-only";
import { prisma } from "@/lib/db/client";
import { callSessionStore } from "@/lib/db/store-unavailable";
import { revokeOtherDevicesLocked, type CurrentDevice } from "@/lib/auth/devices/devices";
import { withPersonLocked } from "@/lib/auth/stores/person-lock";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords/password";

export type ChangePasswordResult = { ok: true; revoked: number } | { ok: false; reason: "wrong-password" | "no-password" };

/**
 * Sets a new password and revokes every other credential of the person (the credential epoch too), in one
 * transaction holding the person's row, so a
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
  const revoked = await withPersonLocked(userId, async (person) => {
    await person.connection.query({
      name: "lab-set-password-hash",
      text: `UPDATE "User" SET "passwordHash" = $2, "updatedAt" = now() AT TIME ZONE 'UTC' WHERE id = $1`,
      values: [userId, passwordHash],
    });
    return revokeOtherDevicesLocked(person, current);
  });
  return { ok: true, revoked };
}
