"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getCurrentSession, signOut } from "@/lib/auth";
import { currentDevice } from "@/lib/auth/current-device";
import { deviceRefSchema } from "@/lib/auth/device-input";
import { revokeAllDevices, revokeDevice, revokeOtherDevices } from "@/lib/auth/devices";
import type { DevicesNotice } from "@/app/sessions/notices";
import { isStoreUnreachable } from "@/lib/db/store-errors";

/** The signed-in person, or a redirect to sign in: every action here acts only for them. */
async function requireSession() {
  const current = await getCurrentSession();
  // An outage is not a sign-out: say so instead of sending the person to sign in.
  if (current.trace.dbError) backWith("store-unavailable");
  if (!current.session) redirect("/signin?callbackUrl=/sessions");
  return { current, userId: current.session.user.id };
}

/** Runs a revocation; an unreachable store becomes a notice, anything else stays an error. */
async function revoking<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isStoreUnreachable(error)) backWith("store-unavailable");
    throw error;
  }
}

function backWith(notice: DevicesNotice, count?: number): never {
  revalidatePath("/sessions");
  redirect(`/sessions?notice=${notice}${count === undefined ? "" : `&count=${count}`}`);
}

export async function revokeDeviceAction(formData: FormData) {
  const { userId } = await requireSession();
  const ref = deviceRefSchema.safeParse({ kind: formData.get("kind"), id: formData.get("id") });
  if (!ref.success || !(await revoking(() => revokeDevice(userId, ref.data.kind, ref.data.id)))) backWith("not-found");
  backWith("revoked");
}

export async function revokeOtherDevicesAction() {
  const { current, userId } = await requireSession();
  backWith("revoked-others", await revoking(() => revokeOtherDevices(userId, currentDevice(current))));
}

export async function signOutEverywhereAction() {
  const { userId } = await requireSession();
  await revoking(() => revokeAllDevices(userId));
  await signOut({ redirectTo: "/" });
}
