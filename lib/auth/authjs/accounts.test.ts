import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createPendingPasswordAccount } from "@/lib/auth/passwords/accounts";
import { authorizeWithPassword, EmailNotConfirmed } from "@/lib/auth/authjs/credentials-provider";
import { hashPassword } from "@/lib/auth/passwords/password";
import { prisma } from "@/lib/db/client";

const uniqueEmail = () => `person-${randomUUID()}@example.com`;
// Each test is its own client, so rate-limit counters from other tests and runs never interfere.
let client = "";
beforeEach(() => {
  client = `test-client-${randomUUID()}`;
});

/** A password account whose address was confirmed, as if its link had been used. */
async function confirmedAccount(email: string, password: string, name?: string) {
  await createPendingPasswordAccount({ name, email, passwordHash: await hashPassword(password) });
  await prisma().user.update({ where: { email }, data: { emailVerified: new Date() } });
}

describe("password accounts", () => {
  it("stores only a hash, waits for confirmation, and refuses a second account for the same email", async () => {
    const email = uniqueEmail();
    const passwordHash = await hashPassword("first password 1");
    expect(await createPendingPasswordAccount({ email, passwordHash })).toEqual({ ok: true });
    const stored = await prisma().user.findUniqueOrThrow({ where: { email } });
    expect(stored.passwordHash).toBe(passwordHash);
    expect(stored.passwordHash).not.toContain("first password");
    expect(stored.emailVerified).toBeNull();
    expect(await createPendingPasswordAccount({ email, passwordHash: "scrypt$other" })).toEqual({
      ok: false,
      reason: "email-taken",
    });
  });

  it("authorizes the right password with public fields only", async () => {
    const email = uniqueEmail();
    await confirmedAccount(email, "right password 1", "Ada");
    const user = await authorizeWithPassword({ email: email.toUpperCase(), password: "right password 1" }, client);
    expect(user).toMatchObject({ name: "Ada", email });
    expect(Object.keys(user ?? {}).sort()).toEqual(["email", "id", "image", "name"]);
  });

  it("gives the same answer for a wrong password, an unknown email and garbage", async () => {
    const email = uniqueEmail();
    await confirmedAccount(email, "right password 1");
    expect(await authorizeWithPassword({ email, password: "wrong password 1" }, client)).toBeNull();
    expect(await authorizeWithPassword({ email: uniqueEmail(), password: "right password 1" }, client)).toBeNull();
    expect(await authorizeWithPassword({ email: "not-an-email", password: "x" }, client)).toBeNull();
    expect(await authorizeWithPassword({ email: ["a"], password: { $ne: 1 } }, client)).toBeNull();
  });

  it("never lets a magic-link-only account in by password", async () => {
    const email = uniqueEmail();
    await prisma().user.create({ data: { email, emailVerified: new Date() } });
    expect(await authorizeWithPassword({ email, password: "anything at all 1" }, client)).toBeNull();
  });

  it("never lets an unconfirmed account in, even with the right password, and says so only to whoever knows it", async () => {
    const email = uniqueEmail();
    await createPendingPasswordAccount({ email, passwordHash: await hashPassword("pending password 1") });
    expect(await authorizeWithPassword({ email, password: "wrong password 1" }, client)).toBeNull();
    await expect(authorizeWithPassword({ email, password: "pending password 1" }, client)).rejects.toBeInstanceOf(
      EmailNotConfirmed,
    );
  });
});
