import { describe, expect, it } from "vitest";
import {
  PASSWORD_COST,
  getDummyPasswordHash,
  hashPassword,
  needsRehash,
  passwordHashCost,
  verifyPassword,
} from "@/lib/auth/passwords/password";

const OLD_COST = { N: 2 ** 15, r: 8, p: 1 };

describe("password hashing", () => {
  it("uses at least OWASP's scrypt cost (N=2^17, r=8, p=1) and stores it in the hash, never the password", async () => {
    expect(PASSWORD_COST).toEqual({ N: 131072, r: 8, p: 1 });
    const hash = await hashPassword("correct horse 9");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(passwordHashCost(hash)).toEqual(PASSWORD_COST);
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

  it("still verifies a hash made at the old cost, and marks it for re-hashing", async () => {
    const old = await hashPassword("old password 1", OLD_COST);
    expect(old.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(await verifyPassword("old password 1", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword("new password 1"))).toBe(false);
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
    // Costs no hash of ours has: not a power of two, or asking for gigabytes.
    `scrypt$30000$8$1$c2FsdA$${"A".repeat(86)}`,
    `scrypt$${2 ** 24}$8$1$c2FsdA$${"A".repeat(86)}`,
    `scrypt$131072$64$1$c2FsdA$${"A".repeat(86)}`,
  ])("never matches a malformed stored hash %j", async (stored) => {
    expect(await verifyPassword("anything 1", stored)).toBe(false);
  });

  it("has a dummy hash at today's cost, so an unknown account costs what a real one does", async () => {
    const dummy = await getDummyPasswordHash();
    expect(passwordHashCost(dummy)).toEqual(PASSWORD_COST);
    expect(await verifyPassword("", dummy)).toBe(false);
  });
});
