import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createPasswordAccount } from "@/lib/auth/accounts";
import { authorizeWithPassword } from "@/lib/auth/credentials-provider";
import { prisma } from "@/lib/db/client";

const uniqueEmail = () => `person-${randomUUID()}@example.com`;

describe("password accounts", () => {
  it("stores only a hash, and refuses a second account for the same email", async () => {
    const email = uniqueEmail();
    expect(await createPasswordAccount({ email, password: "first password 1" })).toEqual({ ok: true });
    const stored = await prisma().user.findUniqueOrThrow({ where: { email } });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain("first password");
    expect(await createPasswordAccount({ email, password: "other password 2" })).toEqual({ ok: false, reason: "email-taken" });
  });

  it("authorizes the right password with public fields only", async () => {
    const email = uniqueEmail();
    await createPasswordAccount({ name: "Ada", email, password: "right password 1" });
    const user = await authorizeWithPassword({ email: email.toUpperCase(), password: "right password 1" });
    expect(user).toMatchObject({ name: "Ada", email });
    expect(Object.keys(user ?? {}).sort()).toEqual(["email", "id", "image", "name"]);
  });

  it("gives the same answer for a wrong password, an unknown email and garbage", async () => {
    const email = uniqueEmail();
    await createPasswordAccount({ email, password: "right password 1" });
    expect(await authorizeWithPassword({ email, password: "wrong password 1" })).toBeNull();
    expect(await authorizeWithPassword({ email: uniqueEmail(), password: "right password 1" })).toBeNull();
    expect(await authorizeWithPassword({ email: "not-an-email", password: "x" })).toBeNull();
    expect(await authorizeWithPassword({ email: ["a"], password: { $ne: 1 } })).toBeNull();
  });

  it("never lets a magic-link-only account in by password", async () => {
    const email = uniqueEmail();
    await prisma().user.create({ data: { email } });
    expect(await authorizeWithPassword({ email, password: "anything at all 1" })).toBeNull();
  });
});
