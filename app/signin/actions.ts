"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth";
import { authErrorMessage } from "@/lib/auth/auth-error-message";
import { magicLinkSchema, signInSchema } from "@/lib/auth/credentials-schema";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";

export type SignInState = {
  message?: string;
  fieldErrors?: { email?: string[]; password?: string[] };
  email?: string;
};

/** Email and password sign-in, in whichever mode this browser uses. */
export async function signInWithPassword(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  const parsed = signInSchema.safeParse({ email, password: formData.get("password") ?? "" });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, email };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeRedirectPath(formData.get("callbackUrl")) });
  } catch (error) {
    // signIn() signals success by throwing Next's redirect, which must propagate.
    if (error instanceof AuthError) return { message: authErrorMessage(error.type), email };
    throw error;
  }
  return {};
}

export type MagicLinkState = { message?: string; fieldErrors?: { email?: string[] }; email?: string };

/** Sends a one-time sign-in link by email (or to the development outbox). */
export async function requestMagicLink(_previous: MagicLinkState, formData: FormData): Promise<MagicLinkState> {
  const email = String(formData.get("email") ?? "");
  const parsed = magicLinkSchema.safeParse({ email });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, email };
  try {
    await signIn("nodemailer", { email: parsed.data.email, redirectTo: safeRedirectPath(formData.get("callbackUrl")) });
  } catch (error) {
    if (error instanceof AuthError) return { message: authErrorMessage(error.type), email };
    throw error;
  }
  return {};
}
