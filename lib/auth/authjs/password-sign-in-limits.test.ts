import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { authorizeWithPassword, PasswordAttemptsThrottled } from "@/lib/auth/authjs/credentials-provider";
import { hashPassword, passwordHashCost, PASSWORD_COST, verifyPassword } from "@/lib/auth/passwords/password";
import { chargeAttempt } from "@/lib/auth/rate-limits/rate-limit";
import { passwordClaims } from "@/lib/auth/rate-limits/rate-limit-policies";
import { RATE_LIMIT_DEFAULTS } from "@/lib/env-schema";

// The defaults: 5 attempts per account from one client, 50 per account, 20 per client; then 30 s doubling to 15 minutes.
const PER_ACCOUNT_CLIENT = 5;
const PER_ACCOUNT = 50;
const PER_CLIENT = 20;
const PASSWORD = "right password 1";

let client = "";
beforeEach(() => {
  client = `test-client-${randomUUID()}`;
});

async function confirmedAccount(passwordHash?: string) {
  const email = `limits-${randomUUID()}@example.com`;
  await prisma().user.create({
    data: { email, emailVerified: new Date(), passwordHash: passwordHash ?? (await hashPassword(PASSWORD)) },
  });
  return email;
}

/** CPU time (ms) this process spends in `work`; scrypt runs on libuv's threads, which count too. */
async function cpuMs(work: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const refusal = (attempt: Promise<unknown>) =>
  attempt.then(
    () => null,
    (error: unknown) => error,
  );

describe("password sign-in limits", () => {
  it("uses the defaults the comments above state", () => {
    expect(RATE_LIMIT_DEFAULTS).toMatchObject({
      AUTH_RATE_LIMIT_PASSWORD_PER_ACCOUNT_CLIENT: PER_ACCOUNT_CLIENT,
      AUTH_RATE_LIMIT_PASSWORD_PER_ACCOUNT: PER_ACCOUNT,
      AUTH_RATE_LIMIT_PASSWORD_PER_CLIENT: PER_CLIENT,
    });
  });

  it("after 5 wrong passwords from one client it waits 30 s, and while it waits even the right one is refused without hashing", async () => {
    const email = await confirmedAccount();
    for (let attempt = 1; attempt < PER_ACCOUNT_CLIENT; attempt++) {
      expect(await authorizeWithPassword({ email, password: `wrong ${attempt} x` }, client)).toBeNull();
    }
    const fifth = await refusal(authorizeWithPassword({ email, password: "wrong 5 x" }, client));
    expect(fifth).toBeInstanceOf(PasswordAttemptsThrottled);
    const waitMs = (fifth as PasswordAttemptsThrottled).retryAt.getTime() - Date.now();
    expect(waitMs).toBeGreaterThan(25_000);
    expect(waitMs).toBeLessThanOrEqual(30_000);

    const reference = await hashPassword("reference password 1");
    const hashCpu = await cpuMs(() => verifyPassword(PASSWORD, reference));
    let locked: unknown;
    const lockedCpu = await cpuMs(async () => {
      locked = await refusal(authorizeWithPassword({ email, password: PASSWORD }, client));
    });
    expect(locked).toBeInstanceOf(PasswordAttemptsThrottled);
    // A refused attempt costs a few queries, far less than the one scrypt hash a checked attempt costs.
    expect(lockedCpu).toBeLessThan(hashCpu / 4);
  });

  it("an attacker's wrong passwords from one client do not lock the owner out from another", async () => {
    const email = await confirmedAccount();
    const answers = [];
    for (let attempt = 1; attempt <= PER_ACCOUNT_CLIENT + 2; attempt++) {
      const error = await refusal(authorizeWithPassword({ email, password: `attacker guess ${attempt}` }, `attacker-${client}`));
      answers.push(error instanceof PasswordAttemptsThrottled ? "wait" : "no match");
    }
    expect(answers).toEqual(["no match", "no match", "no match", "no match", "wait", "wait", "wait"]);
    expect(await authorizeWithPassword({ email, password: PASSWORD }, `owner-${client}`)).toMatchObject({ email });
  });

  it("the looser per-account ceiling still stops a guess spread over many clients", async () => {
    const email = `target-${randomUUID()}@example.com`;
    // Each guess from a client of its own, so no (account, client) limit is ever reached; no hash needed to count.
    const outcomes = [];
    for (let attempt = 1; attempt <= PER_ACCOUNT + 1; attempt++) {
      const claims = passwordClaims(email, `198.18.${Math.floor(attempt / 250)}.${attempt % 250}`);
      outcomes.push(await chargeAttempt([claims.accountFromClient, claims.account, claims.client]));
    }
    expect(outcomes.slice(0, PER_ACCOUNT).every((outcome) => outcome.allowed)).toBe(true);
    // The 50th guess reached the ceiling: it says when the next may come, and the 51st, from a new client, is refused.
    expect(outcomes[PER_ACCOUNT - 1]).toMatchObject({ allowed: true, nextAllowedAt: expect.any(Date) as unknown });
    expect(outcomes[PER_ACCOUNT]).toMatchObject({ allowed: false, retryAt: expect.any(Date) as unknown });
  });

  it("a right password clears this client's count on the account", async () => {
    const email = await confirmedAccount();
    for (let attempt = 1; attempt < PER_ACCOUNT_CLIENT; attempt++)
      await authorizeWithPassword({ email, password: `wrong ${attempt} x` }, client);
    expect(await authorizeWithPassword({ email, password: PASSWORD }, client)).toMatchObject({ email });
    expect(await prisma().rateLimitBucket.count({ where: { key: `password:account-client:${client}:${email}` } })).toBe(0);
    // The four failures still count towards the account's ceiling; the right password itself does not.
    expect(await prisma().rateLimitBucket.findUnique({ where: { key: `password:account:${email}` } })).toMatchObject({ hits: 4 });
    expect(await authorizeWithPassword({ email, password: "wrong again x1" }, client)).toBeNull();
  });

  it("an unknown address locks exactly like a real one, so a lockout reveals nothing", async () => {
    const email = `nobody-${randomUUID()}@example.com`;
    const answers = [];
    for (let attempt = 1; attempt <= PER_ACCOUNT_CLIENT + 1; attempt++) {
      const error = await refusal(authorizeWithPassword({ email, password: `guess ${attempt} x` }, client));
      answers.push(error instanceof PasswordAttemptsThrottled ? "wait" : "no match");
    }
    expect(answers).toEqual(["no match", "no match", "no match", "no match", "wait", "wait"]);
  });

  it("one client guessing across many accounts is stopped after 20 attempts", async () => {
    const answers = [];
    for (let attempt = 1; attempt <= PER_CLIENT + 1; attempt++) {
      const email = `spray-${attempt}-${randomUUID()}@example.com`;
      const error = await refusal(authorizeWithPassword({ email, password: "Summer2026!" }, client));
      answers.push(error instanceof PasswordAttemptsThrottled ? "wait" : "no match");
    }
    expect(answers.slice(0, PER_CLIENT - 1).every((answer) => answer === "no match")).toBe(true);
    expect(answers.slice(PER_CLIENT - 1)).toEqual(["wait", "wait"]);
  }, 120_000);

  it("a hash at the old cost lets its owner in and is replaced by one at today's cost", async () => {
    const old = await hashPassword(PASSWORD, { N: 2 ** 15, r: 8, p: 1 });
    const email = await confirmedAccount(old);
    expect(await authorizeWithPassword({ email, password: PASSWORD }, client)).toMatchObject({ email });
    const upgraded = (await prisma().user.findUniqueOrThrow({ where: { email } })).passwordHash!;
    expect(upgraded).not.toBe(old);
    expect(passwordHashCost(upgraded)).toEqual(PASSWORD_COST);
    expect(await verifyPassword(PASSWORD, upgraded)).toBe(true);
    expect(await authorizeWithPassword({ email, password: PASSWORD }, client)).toMatchObject({ email });
  });
});
