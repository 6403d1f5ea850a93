import "server-only";
import { prisma } from "@/lib/db/client";
import { defined } from "@/lib/defined";
import {
  decideAttempt,
  refundAttempt,
  type RateLimitBucket,
  type RateLimitPolicy,
} from "@/lib/auth/rate-limits/rate-limit-bucket";

/** One counter an attempt is charged to, like "password attempts for this account". */
export type RateLimitClaim = { key: string; policy: RateLimitPolicy };

export type RateLimitOutcome =
  | { allowed: true; /** When the next attempt may come, if this one reached a limit. */ nextAllowedAt: Date | null }
  | { allowed: false; retryAt: Date };

type Transaction = Parameters<Parameters<ReturnType<typeof prisma>["$transaction"]>[0]>[0];

/** The buckets behind `keys`, created if new and locked for this transaction (in key order, so two attempts never deadlock). */
async function lockBuckets(transaction: Transaction, keys: string[], now: Date): Promise<Map<string, RateLimitBucket>> {
  await transaction.rateLimitBucket.createMany({
    data: keys.map((key) => ({ key, hits: 0, windowStartedAt: now })),
    skipDuplicates: true,
  });
  const rows = await transaction.$queryRaw<(RateLimitBucket & { key: string })[]>`
    SELECT "key", "hits", "windowStartedAt", "blockedUntil" FROM "RateLimitBucket"
    WHERE "key" = ANY(${keys}) ORDER BY "key" FOR UPDATE`;
  return new Map(rows.map(({ key, ...bucket }) => [key, bucket]));
}

/**
 * Charges one attempt to every claim, all or nothing, before the work it guards: if any counter
 * is blocked, the attempt is refused and none is charged. Row locks make parallel attempts queue,
 * so a burst cannot slip past a limit, and every instance sharing the database sees the same counts.
 */
export async function chargeAttempt(claims: RateLimitClaim[], now: Date = new Date()): Promise<RateLimitOutcome> {
  const policies = new Map(claims.map((claim) => [claim.key, claim.policy]));
  const keys = [...policies.keys()].sort();
  return prisma().$transaction(async (transaction) => {
    const buckets = await lockBuckets(transaction, keys, now);
    const decisions = keys.map((key) => ({
      key,
      decision: decideAttempt(buckets.get(key) ?? null, defined(policies.get(key), `a policy for ${key}`), now),
    }));
    const refusals = decisions.flatMap(({ decision }) => (decision.allowed ? [] : [decision.retryAt]));
    if (refusals.length > 0) return { allowed: false, retryAt: defined(latest(refusals), "the latest of the refusals") };
    const nextAllowedAt: Date[] = [];
    for (const { key, decision } of decisions) {
      if (!decision.allowed) continue;
      await transaction.rateLimitBucket.update({ where: { key }, data: decision.next });
      if (decision.next.blockedUntil) nextAllowedAt.push(decision.next.blockedUntil);
    }
    return { allowed: true, nextAllowedAt: latest(nextAllowedAt) };
  });
}

/** Hands back an attempt that turned out legitimate: one hit fewer, and no wait because of it. */
export async function refundAttemptTo(key: string): Promise<void> {
  await prisma().$transaction(async (transaction) => {
    const bucket = (await lockBuckets(transaction, [key], new Date())).get(key);
    if (bucket) await transaction.rateLimitBucket.update({ where: { key }, data: refundAttempt(bucket) });
  });
}

/** Forgets a counter entirely (a successful sign-in clears its account's failures). */
export async function resetRateLimit(key: string): Promise<void> {
  await prisma().rateLimitBucket.deleteMany({ where: { key } });
}

const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** Deletes counters whose window ended long ago (every window is shorter than a day) and that block nothing. */
export async function deleteStaleRateLimitBuckets(now: Date = new Date()): Promise<number> {
  const { count } = await prisma().rateLimitBucket.deleteMany({
    where: {
      windowStartedAt: { lt: new Date(now.getTime() - STALE_AFTER_MS) },
      OR: [{ blockedUntil: null }, { blockedUntil: { lt: now } }],
    },
  });
  return count;
}

function latest(dates: Date[]): Date | null {
  return dates.reduce<Date | null>((max, date) => (!max || date > max ? date : max), null);
}
