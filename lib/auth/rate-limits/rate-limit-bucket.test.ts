import { describe, expect, it } from "vitest";
import {
  decideAttempt,
  refundAttempt,
  secondsUntil,
  type RateLimitBucket,
  type RateLimitPolicy,
} from "@/lib/auth/rate-limits/rate-limit-bucket";

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 26, 12, 0, 0) + seconds * 1000);

/** Attempts at the given times (seconds); what each was answered, and the bucket after. */
function run(policy: RateLimitPolicy, times: number[]) {
  let bucket: RateLimitBucket | null = null;
  const answers = times.map((time) => {
    const decision = decideAttempt(bucket, policy, at(time));
    if (!decision.allowed) return { allowed: false, retryInSeconds: secondsUntil(decision.retryAt, at(time)) };
    bucket = decision.next;
    const wait = decision.next.blockedUntil ? secondsUntil(decision.next.blockedUntil, at(time)) : 0;
    return { allowed: true, nextWaitSeconds: wait };
  });
  return { answers, bucket };
}

describe("a fixed window: 3 per 15 minutes", () => {
  const policy = { limit: 3, windowSeconds: 900 };

  it("lets 3 through, refuses the 4th until the window ends, then starts over", () => {
    const { answers } = run(policy, [0, 10, 20, 30, 899, 900]);
    expect(answers).toEqual([
      { allowed: true, nextWaitSeconds: 0 },
      { allowed: true, nextWaitSeconds: 0 },
      { allowed: true, nextWaitSeconds: 880 },
      { allowed: false, retryInSeconds: 870 },
      { allowed: false, retryInSeconds: 1 },
      { allowed: true, nextWaitSeconds: 0 },
    ]);
  });
});

describe("growing back-off: 5 free, then 30 s doubling to 15 minutes", () => {
  const policy = { limit: 5, windowSeconds: 3600, backoff: { firstSeconds: 30, maxSeconds: 900 } };

  it("doubles the wait after each attempt past the limit, and refuses anything in between", () => {
    const { answers } = run(policy, [0, 1, 2, 3, 4, 5, 34, 35, 95, 215]);
    expect(
      answers.map((answer) => ("nextWaitSeconds" in answer ? answer.nextWaitSeconds : `refused ${answer.retryInSeconds}`)),
    ).toEqual([0, 0, 0, 0, 30, "refused 29", 60, "refused 59", 120, 240]);
  });

  it("never waits longer than 15 minutes, however long the guessing goes on", () => {
    const patient = { ...policy, windowSeconds: 7 * 24 * 3600 };
    let bucket: RateLimitBucket | null = null;
    let time = 0;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 40; attempt++) {
      const decision = decideAttempt(bucket, patient, at(time));
      if (!decision.allowed) throw new Error(`attempt ${attempt} came after its wait and should pass`);
      bucket = decision.next;
      const wait = bucket.blockedUntil ? secondsUntil(bucket.blockedUntil, at(time)) : 0;
      waits.push(wait);
      time += Math.max(wait, 1);
    }
    expect(waits.slice(4, 12)).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
    expect(Math.max(...waits)).toBe(900);
  });

  it("a refunded attempt leaves one hit fewer and no wait", () => {
    const { bucket } = run(policy, [0, 1, 2, 3, 4]);
    expect(bucket).toMatchObject({ hits: 5 });
    expect(refundAttempt(bucket!)).toEqual({ hits: 4, windowStartedAt: at(0), blockedUntil: null });
  });
});
