"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authErrorMessage, signUpSchema, SIGN_UP_NOT_CONFIGURED_MESSAGE, signUpThrottledMessage, startSignUp } from "@/lib/auth";
import { formText, isFormSubmission, UNREADABLE_FORM } from "@/lib/form-submission";

export type SignUpState = {
  message?: string;
  fieldErrors?: { name?: string[]; email?: string[]; password?: string[] };
  values?: { name: string; email: string };
};

/** Starts an account and emails the link that confirms it; the same answer whether or not the address was taken. */
export async function signUp(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  if (!isFormSubmission(formData)) return { message: UNREADABLE_FORM };
  const values = { name: formText(formData, "name"), email: formText(formData, "email") };
  const parsed = signUpSchema.safeParse({ ...values, password: formData.get("password") ?? "" });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  try {
    const started = await startSignUp(parsed.data);
    if (!started.ok) {
      const message = started.reason === "throttled" ? signUpThrottledMessage(started.retryAt) : SIGN_UP_NOT_CONFIGURED_MESSAGE;
      return { message, values };
    }
  } catch (error) {
    if (error instanceof AuthError) return { message: authErrorMessage(error.type), values };
    throw error;
  }
  redirect("/signup/check-email");
}
