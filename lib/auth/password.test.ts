import { describe, expect, it } from "vitest";
import { getDummyPasswordHash, hashPassword, verifyPassword } from "@/lib/auth/password";

describe("password hashing", () => {
  it("stores scrypt parameters, salt and hash, never the password", async () => {
    const hash = await hashPassword("correct horse 9");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(hash).not.toContain("correct horse");
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same password 1")).not.toBe(await hashPassword("same password 1"));
  });

  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse 9");
    expect(await verifyPassword("correct horse 9", hash)).toBe(true);
    expect(await verifyPassword("correct horse 8", hash)).toBe(false);
  });

  it("treats Unicode forms of one password alike", async () => {
    const hash = await hashPassword("caf\u00e9 latte 1");
    expect(await verifyPassword("cafe\u0301 latte 1", hash)).toBe(true);
  });

  it.each([
    "",
    "plain",
    "scrypt$x$8$1$salt$hash",
    "bcrypt$2b$10$abc",
    "scrypt$32768$8$1$$",
    "scrypt$32768$8$1$c2FsdA$=",
    "scrypt$32768$8$1$c2FsdA$AAAA",
  ])("never matches a malformed stored hash %j", async (stored) => {
    expect(await verifyPassword("anything 1", stored)).toBe(false);
  });

  it("has a dummy hash that no guess matches", async () => {
    const dummy = await getDummyPasswordHash();
    expect(dummy.startsWith("scrypt$")).toBe(true);
    expect(await verifyPassword("", dummy)).toBe(false);
  });
});
