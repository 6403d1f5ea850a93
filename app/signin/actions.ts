"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  signIn,
  authErrorMessage,
  magicLinkSchema,
  signInSchema,
  safeRedirectPath,
  requestSignInLink,
  type SignInLinkResult,
  resendSignUpConfirmation,
  EmailNotConfirmed,
  PasswordAttemptsThrottled,
  EMAIL_NOT_CONFIRMED_MESSAGE,
  EMAIL_SIGN_IN_NOT_CONFIGURED_MESSAGE,
  emailThrottledMessage,
  passwordThrottledMessage,
} from "@/lib/auth";
import { formText, isFormSubmission, UNREADABLE_FORM } from "@/lib/form-submission";

export type SignInState = {
  message?: string;
  fieldErrors?: { email?: string[]; password?: string[] };
  email?: string;
  /** Set when the password was right but the address is unconfirmed: the form offers to resend the link. */
  unconfirmedEmail?: string;
};

/** Email and password sign-in, in whichever mode this browser uses. */
export async function signInWithPassword(_previous: SignInState, formData: FormData): Promise<SignInState> {
  if (!isFormSubmission(formData)) return { message: UNREADABLE_FORM };
  const email = formText(formData, "email");
  const parsed = signInSchema.safeParse({ email, password: formData.get("password") ?? "" });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, email };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeRedirectPath(formData.get("callbackUrl")) });
  } catch (error) {
    // signIn() signals success by throwing Next's redirect, which must propagate.
    if (error instanceof PasswordAttemptsThrottled) return { message: passwordThrottledMessage(error.retryAt), email };
    if (error instanceof EmailNotConfirmed) {
      return { message: EMAIL_NOT_CONFIRMED_MESSAGE, email, unconfirmedEmail: parsed.data.email };
    }
    if (error instanceof AuthError) return { message: authErrorMessage(error.type), email };
    throw error;
  }
  return {};
}

/** Why no link went out, in words: a limit (and when to try again), or no way to send email here. */
function linkRefusedMessage(refusal: Exclude<SignInLinkResult, { ok: true }>): string {
  return refusal.reason === "throttled" ? emailThrottledMessage(refusal.retryAt) : EMAIL_SIGN_IN_NOT_CONFIGURED_MESSAGE;
}

export type MagicLinkState = { message?: string; fieldErrors?: { email?: string[] }; email?: string };

/** Sends a one-time sign-in link by email (or to the development outbox). */
export async function requestMagicLink(_previous: MagicLinkState, formData: FormData): Promise<MagicLinkState> {
  if (!isFormSubmission(formData)) return { message: UNREADABLE_FORM };
  const email = formText(formData, "email");
  const parsed = magicLinkSchema.safeParse({ email });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, email };
  try {
    const sent = await requestSignInLink({
      email: parsed.data.email,
      kind: "sign-in",
      redirectTo: safeRedirectPath(formData.get("callbackUrl")),
    });
    if (!sent.ok) return { message: linkRefusedMessage(sent), email };
  } catch (error) {
    if (error instanceof AuthError) return { message: authErrorMessage(error.type), email };
    throw error;
  }
  redirect("/signin/check-email");
}

export type ResendState = { message?: string };

/** Sends a new confirmation link for an account whose address is not confirmed yet. */
export async function resendConfirmationLink(_previous: ResendState, formData: FormData): Promise<ResendState> {
  if (!isFormSubmission(formData)) return { message: UNREADABLE_FORM };
  const parsed = magicLinkSchema.safeParse({ email: formData.get("email") });
  if (!parsed.success) return { message: "That email address could not be read. Type it into the form above and sign in again." };
  try {
    const sent = await resendSignUpConfirmation(parsed.data.email);
    if (!sent.ok) return { message: linkRefusedMessage(sent) };
  } catch (error) {
    if (error instanceof AuthError) return { message: authErrorMessage(error.type) };
    throw error;
  }
  redirect("/signin/check-email");
}
