import { z } from "zod";

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like ada@example.com." }));

export const newPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(10, "Use at least 10 characters.")
  // scrypt's cost grows with input; a cap keeps one request from doing unbounded work.
  .max(128, "Use at most 128 characters.")
  .refine((value) => /[a-zA-Z]/.test(value) && /[^a-zA-Z]/.test(value), {
    message: "Mix letters with at least one digit or symbol.",
  });

export const signUpSchema = z.object({
  name: z
    .string()
    .trim()
    .max(100, "Use at most 100 characters.")
    .optional()
    .transform((value) => value || undefined),
  email: emailSchema,
  password: newPasswordSchema,
});

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(128, "Use at most 128 characters."),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(128, "Use at most 128 characters."),
  newPassword: newPasswordSchema,
});

export const magicLinkSchema = z.object({ email: emailSchema });

export type FieldErrors<T> = Partial<Record<keyof T, string[]>>;
