/**
 * A rate limit: `limit` attempts per window; once reached, the next attempt waits. With `backoff`,
 * the wait starts at `firstSeconds` and doubles with every further attempt, up to `maxSeconds`;
 * without it, the wait lasts until the window ends.
 */
export type RateLimitPolicy = {
  limit: number;
  windowSeconds: number;
  backoff?: { firstSeconds: number; maxSeconds: number };
};

export type RateLimitBucket = { hits: number; windowStartedAt: Date; blockedUntil: Date | null };

export type BucketDecision = { allowed: true; next: RateLimitBucket } | { allowed: false; retryAt: Date };

/** What one more attempt does to a bucket (null: never used). Pure, so the numbers can be tested alone. */
export function decideAttempt(bucket: RateLimitBucket | null, policy: RateLimitPolicy, now: Date): BucketDecision {
  if (bucket?.blockedUntil && bucket.blockedUntil > now) return { allowed: false, retryAt: bucket.blockedUntil };
  const windowOver = !bucket || bucket.windowStartedAt.getTime() + policy.windowSeconds * 1000 <= now.getTime();
  const hits = windowOver ? 1 : bucket.hits + 1;
  const windowStartedAt = windowOver ? now : bucket.windowStartedAt;
  return { allowed: true, next: { hits, windowStartedAt, blockedUntil: blockAfter(hits, windowStartedAt, policy, now) } };
}

/** When the attempt after the `hits`-th may come; null while under the limit. */
function blockAfter(hits: number, windowStartedAt: Date, policy: RateLimitPolicy, now: Date): Date | null {
  if (hits < policy.limit) return null;
  if (!policy.backoff) return new Date(windowStartedAt.getTime() + policy.windowSeconds * 1000);
  const { firstSeconds, maxSeconds } = policy.backoff;
  const seconds = Math.min(maxSeconds, firstSeconds * 2 ** Math.min(hits - policy.limit, 30));
  return new Date(now.getTime() + seconds * 1000);
}

/** The bucket after an attempt that turned out fine is handed back: one hit fewer, and no wait from it. */
export function refundAttempt(bucket: RateLimitBucket): RateLimitBucket {
  return { ...bucket, hits: Math.max(0, bucket.hits - 1), blockedUntil: null };
}

/** Whole seconds until `retryAt`, at least 1: what Retry-After and the forms say. */
export function secondsUntil(retryAt: Date, now: Date = new Date()): number {
  return Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
}
