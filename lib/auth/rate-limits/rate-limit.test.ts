import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { chargeAttempt, deleteStaleRateLimitBuckets, refundAttemptTo, resetRateLimit } from "@/lib/auth/rate-limits/rate-limit";

const key = (name: string) => `test:${name}:${randomUUID()}`;
const threePerWindow = { limit: 3, windowSeconds: 900 };

describe("rate-limit counters in PostgreSQL", () => {
  it("let exactly the limit through a burst of parallel attempts", async () => {
    const claim = { key: key("burst"), policy: threePerWindow };
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => chargeAttempt([claim])));
    expect(outcomes.filter((outcome) => outcome.allowed)).toHaveLength(3);
    const refused = outcomes.filter((outcome) => !outcome.allowed);
    expect(refused).toHaveLength(9);
    expect(await prisma().rateLimitBucket.findUniqueOrThrow({ where: { key: claim.key } })).toMatchObject({ hits: 3 });
  });

  it("charge every claim or none: a blocked one leaves the others untouched", async () => {
    const open = { key: key("open"), policy: threePerWindow };
    const full = { key: key("full"), policy: { limit: 1, windowSeconds: 900 } };
    expect(await chargeAttempt([full])).toMatchObject({ allowed: true });
    const outcome = await chargeAttempt([open, full]);
    expect(outcome.allowed).toBe(false);
    expect(await prisma().rateLimitBucket.findUniqueOrThrow({ where: { key: open.key } })).toMatchObject({ hits: 0 });
  });

  it("say when the next attempt may come once a limit is reached", async () => {
    const now = new Date();
    const claim = { key: key("next"), policy: threePerWindow };
    await chargeAttempt([claim], now);
    await chargeAttempt([claim], now);
    const third = await chargeAttempt([claim], now);
    expect(third).toEqual({ allowed: true, nextAllowedAt: new Date(now.getTime() + 900_000) });
    expect(await chargeAttempt([claim], now)).toEqual({ allowed: false, retryAt: new Date(now.getTime() + 900_000) });
  });

  it("refund one attempt, and reset a counter entirely", async () => {
    const claim = { key: key("refund"), policy: { limit: 2, windowSeconds: 900 } };
    await chargeAttempt([claim]);
    await chargeAttempt([claim]);
    await refundAttemptTo(claim.key);
    expect(await prisma().rateLimitBucket.findUniqueOrThrow({ where: { key: claim.key } })).toMatchObject({
      hits: 1,
      blockedUntil: null,
    });
    expect(await chargeAttempt([claim])).toMatchObject({ allowed: true });
    await resetRateLimit(claim.key);
    expect(await prisma().rateLimitBucket.count({ where: { key: claim.key } })).toBe(0);
  });

  it("clean up counters a day past their window that block nothing", async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 25 * 3600_000);
    const [stale, stillBlocking, current] = [key("stale"), key("blocking"), key("current")];
    await prisma().rateLimitBucket.createMany({
      data: [
        { key: stale, hits: 9, windowStartedAt: old },
        { key: stillBlocking, hits: 9, windowStartedAt: old, blockedUntil: new Date(now.getTime() + 60_000) },
        { key: current, hits: 1, windowStartedAt: now },
      ],
    });
    expect(await deleteStaleRateLimitBuckets(now)).toBeGreaterThanOrEqual(1);
    const left = await prisma().rateLimitBucket.findMany({ where: { key: { in: [stale, stillBlocking, current] } } });
    expect(left.map((bucket) => bucket.key).sort()).toEqual([stillBlocking, current].sort());
  });
});
