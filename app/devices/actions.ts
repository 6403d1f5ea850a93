"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import {
  signOut,
  requireSensitiveSession,
  deviceRefSchema,
  revokeAllDevices,
  revokeDevice,
  revokeOtherDevices,
  grantIdSchema,
  revokeGrant,
  clearedHybridToken,
  setCookies,
  SessionStoreUnavailableError,
} from "@/lib/auth";
import type { DevicesNotice } from "@/app/devices/notices";
import { isFormSubmission } from "@/lib/form-submission";
import { getEnv } from "@/lib/env";

/** The signed-in person, with a live grant: every action here acts only for them, and never for a revoked token. */
async function requireDeviceOwner() {
  const access = await requireSensitiveSession("/devices");
  // An outage is not a sign-out: say so instead of sending the person to sign in.
  if (access.status === "store-unavailable") backWith("store-unavailable");
  // The devices page explains a revoked token; sending it to sign in would bounce it back (it still reads as signed in).
  if (access.status === "revoked") redirect("/devices");
  return access;
}

/** Runs a revocation; an unreachable store becomes a notice, anything else stays an error. */
async function revoking<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SessionStoreUnavailableError) backWith("store-unavailable");
    throw error;
  }
}

function backWith(notice: DevicesNotice, count?: number): never {
  revalidatePath("/devices");
  redirect(`/devices?notice=${notice}${count === undefined ? "" : `&count=${count}`}`);
}

export async function revokeDeviceAction(formData: FormData) {
  const { userId } = await requireDeviceOwner();
  if (!isFormSubmission(formData)) backWith("not-found");
  const ref = deviceRefSchema.safeParse({ kind: formData.get("kind"), id: formData.get("id") });
  if (!ref.success || !(await revoking(() => revokeDevice(userId, ref.data.kind, ref.data.id)))) backWith("not-found");
  backWith("revoked");
}

/** Revokes one of the person's OAuth grants: the app's refresh tokens stop working at once. */
export async function revokeGrantAction(formData: FormData) {
  const { userId } = await requireDeviceOwner();
  if (!isFormSubmission(formData)) backWith("not-found");
  const grantId = grantIdSchema.safeParse(formData.get("grant"));
  if (!grantId.success || !(await revoking(() => revokeGrant(userId, grantId.data)))) backWith("not-found");
  backWith("grant-revoked");
}

export async function revokeOtherDevicesAction() {
  const { userId, device } = await requireDeviceOwner();
  backWith("revoked-others", await revoking(() => revokeOtherDevices(userId, device)));
}

export async function signOutEverywhereAction() {
  const { userId } = await requireDeviceOwner();
  await revoking(() => revokeAllDevices(userId));
  const jar = await cookies();
  setCookies(jar, clearedHybridToken(jar.getAll(), getEnv().secureCookies));
  await signOut({ redirectTo: "/" });
}
