"use server";

import { revalidatePath } from "next/cache";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import {
  getSensitiveSession,
  requireSensitiveSession,
  resolveSetup,
  modeCookieValueSchema,
  modeCookieValue,
  STORE_LABELS,
  sessionStoreAnswers,
  modeCookieOptions,
  switchSessionMode,
  type SwitchOutcome,
  changePassword,
  type ChangePasswordResult,
  changePasswordSchema,
  SessionStoreUnavailableError,
} from "@/lib/auth";
import { isFormSubmission, UNREADABLE_FORM } from "@/lib/form-submission";

export type SwitchModeState = { message?: string };

const switchModeInput = z.object({ mode: modeCookieValueSchema });

// A revoked token still reads as signed in while the check is off, so /signin would send it straight back.
const SIGN_IN_AGAIN = "Sign out, then sign in again.";

/** Switches this browser between a token and a server session in one of the stores, keeping the person signed in. */
export async function switchMode(_previous: SwitchModeState, formData: FormData): Promise<SwitchModeState> {
  if (!isFormSubmission(formData)) return { message: UNREADABLE_FORM };
  const parsed = switchModeInput.safeParse({ mode: formData.get("mode") });
  if (!parsed.success) return { message: "Pick one of the modes offered." };
  const target = resolveSetup(parsed.data.mode, "database");
  let outcome: SwitchOutcome;
  try {
    // The session is read here, under the current mode, grant checked live: the switch only ever acts for its owner.
    const access = await getSensitiveSession();
    // "Signed out" during an outage is not known to be true: switching now would drop a live session.
    if (access.status === "store-unavailable")
      return { message: "The session store is unavailable, so the mode was not switched. Try again in a moment." };
    if (access.status === "revoked")
      return { message: `This device's sign-in was revoked, so the mode was not switched. ${SIGN_IN_AGAIN}` };
    const { current } = access;
    // Checked before the old credential is retired: a store that does not answer would leave the person signed out.
    if (target.mode !== "jwt" && target.store !== current.store && !(await sessionStoreAnswers(target.store)))
      return {
        message: `${STORE_LABELS[target.store]} is not reachable, so the mode was not switched and you are still signed in as before.`,
      };
    const { authSecrets, AUTH_JWT_MAX_AGE, secureCookies } = getEnv();
    outcome = await switchSessionMode({
      jar: await cookies(),
      requestHeaders: await headers(),
      session: access.status === "signed-in" ? access.current.session : null,
      credential: access.status === "signed-in" ? access.current.credential : undefined,
      current,
      target,
      secrets: authSecrets,
      jwtMaxAgeSeconds: AUTH_JWT_MAX_AGE,
      secureCookies,
      modeCookieOptions: modeCookieOptions(secureCookies),
    });
  } catch (error) {
    console.error("[settings] mode switch failed:", error instanceof Error ? error.message : error);
    return { message: "The mode could not be switched, so nothing changed. Try again in a moment." };
  }
  revalidatePath("/", "layout");
  redirect(`/settings?switched=${modeCookieValue(outcome.to)}&signedIn=${outcome.keptSignedIn ? "1" : "0"}`);
}

const STORE_UNAVAILABLE = "The session store is not answering, so the password was not changed. Try again in a moment.";

export type ChangePasswordState = {
  message?: string;
  notice?: string;
  fieldErrors?: { currentPassword?: string[]; newPassword?: string[] };
};

/** Changes the password and revokes every other device's credential. */
export async function changePasswordAction(_previous: ChangePasswordState, formData: FormData): Promise<ChangePasswordState> {
  const access = await requireSensitiveSession("/settings");
  if (access.status === "store-unavailable") return { message: STORE_UNAVAILABLE };
  if (access.status === "revoked")
    return { message: `This device's sign-in was revoked, so the password was not changed. ${SIGN_IN_AGAIN}` };
  if (!isFormSubmission(formData)) return { message: UNREADABLE_FORM };
  const parsed = changePasswordSchema.safeParse({
    currentPassword: formData.get("currentPassword") ?? "",
    newPassword: formData.get("newPassword") ?? "",
  });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors };
  let result: ChangePasswordResult;
  try {
    const { currentPassword, newPassword } = parsed.data;
    result = await changePassword(access.userId, access.device, currentPassword, newPassword);
  } catch (error) {
    if (error instanceof SessionStoreUnavailableError) return { message: STORE_UNAVAILABLE };
    throw error;
  }
  if (!result.ok && result.reason === "no-password") {
    return { message: "This account has no password: it signs in with email links only." };
  }
  if (!result.ok) return { fieldErrors: { currentPassword: ["That is not your current password."] } };
  revalidatePath("/devices");
  const revoked = `${result.revoked} other ${result.revoked === 1 ? "credential was" : "credentials were"} revoked`;
  return { notice: `Password changed. ${revoked}: sessions end at once, tokens as soon as the revocation check lets them.` };
}
