import { describe, expect, it } from "vitest";
import { z } from "zod";
import { changePasswordSchema, magicLinkSchema, signInSchema, signUpSchema } from "@/lib/auth/passwords/credentials-schema";

const valid = { name: "Ada", email: "ada@example.com", password: "analytical engine 1843" };
/** Each field's error messages, or none. */
const errorsOf = (result: { success: boolean; error?: z.ZodError }): Record<string, string[] | undefined> =>
  result.success ? {} : z.flattenError(result.error!).fieldErrors;

describe("control characters", () => {
  it.each(["\u0000", "\u0007", "\t", "\n", "\r", "\u001b", "\u001f", "\u007f"])(
    "are refused in every field, with a message that names it (%j)",
    (control) => {
      const inside = (value: string) => `${value.slice(0, 1)}${control}${value.slice(1)}`;
      expect(errorsOf(signUpSchema.safeParse({ ...valid, name: inside(valid.name) })).name).toEqual([
        "Remove the control characters (like tabs or line breaks) from the name, then try again.",
      ]);
      expect(errorsOf(signUpSchema.safeParse({ ...valid, email: inside(valid.email) })).email).toEqual([
        "Remove the control characters (like tabs or line breaks) from the email address, then try again.",
      ]);
      expect(errorsOf(signUpSchema.safeParse({ ...valid, password: inside(valid.password) })).password).toEqual([
        "Remove the control characters (like tabs or line breaks) from the password, then try again.",
      ]);
      expect(errorsOf(signInSchema.safeParse({ email: valid.email, password: inside(valid.password) })).password).toHaveLength(1);
      expect(errorsOf(magicLinkSchema.safeParse({ email: inside(valid.email) })).email).toHaveLength(1);
      const change = changePasswordSchema.safeParse({
        currentPassword: inside("old password 1"),
        newPassword: inside(valid.password),
      });
      expect(Object.keys(errorsOf(change)).sort()).toEqual(["currentPassword", "newPassword"]);
    },
  );

  it("still accept ordinary Unicode and trim the email", () => {
    expect(signUpSchema.parse({ name: "Zoë Ōkubo 李", email: "  Ada@Example.com ", password: "café latte ☕ 1" })).toEqual({
      name: "Zoë Ōkubo 李",
      email: "ada@example.com",
      password: "café latte ☕ 1",
    });
  });

  it("keep the other password messages", () => {
    expect(errorsOf(signUpSchema.safeParse({ ...valid, password: "short1" })).password).toEqual(["Use at least 10 characters."]);
    expect(errorsOf(signUpSchema.safeParse({ ...valid, password: "onlyletterspassword" })).password).toEqual([
      "Mix letters with at least one digit or symbol.",
    ]);
    expect(errorsOf(signUpSchema.safeParse({ ...valid, password: "a1".repeat(65) })).password).toEqual([
      "Use at most 128 characters.",
    ]);
    expect(errorsOf(signInSchema.safeParse({ email: valid.email, password: "" })).password).toEqual(["Enter your password."]);
  });
});
