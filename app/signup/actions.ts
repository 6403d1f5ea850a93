"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth";
import { createPasswordAccount } from "@/lib/auth/accounts";
import { authErrorMessage } from "@/lib/auth/auth-error-message";
import { signUpSchema } from "@/lib/auth/credentials-schema";

export type SignUpState = {
  message?: string;
  fieldErrors?: { name?: string[]; email?: string[]; password?: string[] };
  values?: { name: string; email: string };
};

/** Creates a password account, then signs the new person in. */
export async function signUp(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const values = { name: String(formData.get("name") ?? ""), email: String(formData.get("email") ?? "") };
  const parsed = signUpSchema.safeParse({ ...values, password: formData.get("password") ?? "" });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, values };

  const created = await createPasswordAccount(parsed.data);
  if (!created.ok) {
    return { fieldErrors: { email: ["An account with this email already exists. Sign in instead."] }, values };
  }
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: "/account" });
  } catch (error) {
    if (error instanceof AuthError) return { message: authErrorMessage(error.type), values };
    throw error;
  }
  return {};
}
