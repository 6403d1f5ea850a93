import { percentile } from "@/lib/lab/bench-results";

/** The percentile the rounds' statistics use too (lib/lab/bench-results.ts), so a p99 here and there agree. */
export { percentile };

export type LatencySummary = { count: number; p50: number; p95: number; p99: number; mean: number };

/** p50, p95, p99 and mean of a set of latencies, in the unit they came in. */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || 1);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.length ? mean : Number.NaN,
  };
}

/** Requests per second over the time the requests actually took. */
export function requestsPerSecond(requests: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (requests * 1000) / elapsedMs : 0;
}

/** `value / reference`, rounded to two decimals; NaN when there is no reference. */
export function ratio(value: number, reference: number): number {
  if (!(reference > 0)) return Number.NaN;
  return Math.round((value / reference) * 100) / 100;
}

/** Rounds for the results file: enough precision to compare, no false precision. */
export function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
