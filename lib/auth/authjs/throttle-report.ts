import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

type ThrottleReport = { retryAt?: Date };

const storage = new AsyncLocalStorage<ThrottleReport>();

/** Runs an HTTP request through Auth.js and says whether a rate limit refused it, and until when. */
export async function withThrottleReport<T>(handle: () => Promise<T>): Promise<{ result: T; retryAt?: Date }> {
  const report: ThrottleReport = {};
  const result = await storage.run(report, handle);
  return { result, retryAt: report.retryAt };
}

/** Auth.js turns a refusal into a redirect to the sign-in page; this lets the route answer 429 with Retry-After instead. */
export function reportThrottle(retryAt: Date): void {
  const report = storage.getStore();
  if (report) report.retryAt = retryAt;
}
