import { z } from "zod";

// C0 controls and DEL: invisible, break logs and emails, and a NUL is refused by PostgreSQL.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** A string without control characters, with a message that names the field. */
const plainText = (field: string) =>
  z.string().refine((value) => !CONTROL_CHARACTER.test(value), {
    error: `Remove the control characters (like tabs or line breaks) from the ${field}, then try again.`,
  });

const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(plainText("email address"))
  .pipe(z.email({ error: "Enter a valid email address, like ada@example.com." }));

const passwordText = plainText("password").pipe(
  // scrypt's cost grows with input; a cap keeps one request from doing unbounded work.
  z.string().max(128, "Use at most 128 characters."),
);

const newPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(10, "Use at least 10 characters.")
  .pipe(passwordText)
  .refine((value) => /[a-zA-Z]/.test(value) && /[^a-zA-Z]/.test(value), {
    error: "Mix letters with at least one digit or symbol.",
  });

export const signUpSchema = z.object({
  name: z
    .string()
    .trim()
    .max(100, "Use at most 100 characters.")
    .pipe(plainText("name"))
    .optional()
    .transform((value) => value || undefined),
  email: emailSchema,
  password: newPasswordSchema,
});

const currentPasswordSchema = (missing: string) => z.string({ error: missing }).min(1, missing).pipe(passwordText);

export const signInSchema = z.object({
  email: emailSchema,
  password: currentPasswordSchema("Enter your password."),
});

export const changePasswordSchema = z.object({
  currentPassword: currentPasswordSchema("Enter your current password."),
  newPassword: newPasswordSchema,
});

export const magicLinkSchema = z.object({ email: emailSchema });
