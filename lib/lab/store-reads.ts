import type { BenchResults, BenchRun, BenchSeries } from "@/lib/lab/bench-results";

/** What a run's series read from their store, as the server's Server-Timing reported it. */
export type StoreReads = {
  series: BenchSeries;
  reads: number;
  requests: number;
  /** Store reads per request: 1 for a server session, 0 for a token, well under 1 for the hybrid. */
  perRequest: number;
  /** Store reads per connection per round (the file's connections × rounds). */
  perConnectionPerRound?: number;
};

/** The store reads of one run, or undefined when the file did not count them (written before the count). */
export function storeReadsOf(run: BenchRun): StoreReads | undefined {
  if (run.storeReads === undefined || run.requests <= 0) return undefined;
  return {
    series: run.series,
    reads: run.storeReads,
    requests: run.requests,
    perRequest: run.storeReads / run.requests,
  };
}

/** The store reads of a series in a results file, if it ran and counted them. */
export function seriesStoreReads(results: BenchResults, series: BenchSeries): StoreReads | undefined {
  const run = results.runs.find((candidate) => candidate.series === series);
  const reads = run ? storeReadsOf(run) : undefined;
  const { connections, rounds } = results.settings;
  return reads && connections > 0 && rounds > 0
    ? { ...reads, perConnectionPerRound: reads.reads / (connections * rounds) }
    : reads;
}

/** A share per request, with enough digits to tell 0.004 from 0. */
export function formatPerRequest(value: number): string {
  if (value === 0 || value >= 0.1) return value.toFixed(2);
  return value.toPrecision(2);
}
