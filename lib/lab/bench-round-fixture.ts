import type { BenchResults, BenchRun, BenchSeries } from "@/lib/lab/bench-results";

/** Test data: a results file whose series ran in rounds of 3 s, built from each round's req/s and CPU per request. */

type RoundFigures = { rps: number; appUs: number; postgresUs?: number; redisUs?: number; p99?: number };

const ROUND_MS = 3000;

/** A run whose rounds have these figures, and whose totals are their sums, as the bench writes them. */
export function runInRounds(series: BenchSeries, rounds: readonly RoundFigures[]): BenchRun {
  const samples = rounds.map((figures) => {
    const requests = Math.round((figures.rps * ROUND_MS) / 1000);
    return {
      requests,
      elapsedMs: ROUND_MS,
      p99: figures.p99 ?? 30,
      cpuMs: {
        app: (figures.appUs * requests) / 1000,
        postgres: ((figures.postgresUs ?? 0) * requests) / 1000,
        redis: ((figures.redisUs ?? 0) * requests) / 1000,
      },
    };
  });
  const requests = samples.reduce((sum, round) => sum + round.requests, 0);
  const elapsedMs = samples.length * ROUND_MS;
  const total = (role: "app" | "postgres" | "redis") => samples.reduce((sum, round) => sum + round.cpuMs[role], 0);
  return {
    series,
    rps: (requests * 1000) / elapsedMs,
    p50: 10,
    p95: 20,
    p99: Math.max(...samples.map((round) => round.p99)),
    errors: 0,
    cookieBytes: series === "baseline" || series === "bare" ? 0 : 500,
    requests,
    peakRssMiB: 300,
    elapsedMs,
    cpuMs: { app: total("app"), postgres: total("postgres"), redis: total("redis") },
    rounds: samples,
  };
}

/** The same figures in every one of `count` rounds, times a factor per round (the machine's drift). */
export const steady = (count: number, figures: RoundFigures, drift: readonly number[] = [1, 0.9, 1.1, 0.95]) =>
  Array.from({ length: count }, (_, index) => ({ ...figures, rps: figures.rps * (drift[index % drift.length] ?? 1) }));

export function resultsWith(runs: BenchRun[], extra: Partial<BenchResults> = {}): BenchResults {
  return {
    createdAt: "2026-12-03T00:00:00.000Z",
    machine: { cpus: 2, cpuModel: "Test CPU", memoryGiB: 24, node: "v24", os: "Linux" },
    settings: {
      command: "npm run bench",
      durationSeconds: 12,
      connections: 20,
      rounds: 4,
      extraSessions: 0,
      sessionRows: 3,
      target: "test",
      roundSeconds: 3,
      warmUpSeconds: 3,
    },
    runs,
    verification: {
      jwtDecrypt: { p50Us: 600, p95Us: 900, iterations: 2000 },
      sessionLookup: { p50Us: 900, p95Us: 1200, iterations: 2000 },
    },
    lookupScaling: [],
    ...extra,
  };
}

/** A results file as the bench wrote it before it kept rounds: the same runs, totals only. */
export function withoutRounds(results: BenchResults): BenchResults {
  return {
    ...results,
    runs: results.runs.map((run) => {
      const totals = { ...run };
      delete totals.rounds;
      return totals;
    }),
  };
}
