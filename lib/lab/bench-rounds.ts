import { defined } from "@/lib/defined";
import {
  isApiSeries,
  median,
  pairedRounds,
  percentile,
  referenceSeries,
  roundRps,
  type BenchResults,
  type BenchRun,
  type BenchSeries,
  type RoundSample,
} from "@/lib/lab/bench-results";

/**
 * The run's figures round by round: every ratio is taken within a round (both series ran minutes apart at
 * most, under the same drift), and each figure is the median over rounds with a 95% interval from a
 * bootstrap over rounds. Deterministic: the resampling uses a fixed seed, so a file always reads the same.
 */

export type Estimate = NonNullable<NonNullable<BenchResults["estimates"]>[number]["vsBaseline"]>;
export type SeriesEstimates = NonNullable<BenchResults["estimates"]>[number];

const BOOTSTRAP_RESAMPLES = 2000;
const BOOTSTRAP_SEED = 21;

/** mulberry32: a small seeded generator of uniform numbers in [0, 1), so that two readings of one file agree. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** The 2.5th and 97.5th percentiles of the median of `values` resampled with replacement. */
export function bootstrapMedianInterval(
  values: readonly number[],
  { resamples = BOOTSTRAP_RESAMPLES, seed = BOOTSTRAP_SEED } = {},
): { low: number; high: number } {
  const random = seededRandom(seed);
  const medians: number[] = [];
  for (let resample = 0; resample < resamples; resample += 1) {
    const drawn = values.map(() => defined(values[Math.floor(random() * values.length)], "a drawn round"));
    medians.push(median(drawn));
  }
  medians.sort((a, b) => a - b);
  return { low: percentile(medians, 2.5), high: percentile(medians, 97.5) };
}

const rounded = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * The median of per-round `values` with its 95% interval, and whether that interval holds `noDifference`
 * (1 for a ratio, 0 for a difference). Null under two rounds: one round has no spread to bound it.
 */
export function estimateOf(values: readonly number[], noDifference: number, decimals: number): Estimate | null {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length < 2) return null;
  const { low, high } = bootstrapMedianInterval(finite);
  return {
    median: rounded(median(finite), decimals),
    low: rounded(low, decimals),
    high: rounded(high, decimals),
    rounds: finite.length,
    indistinguishable: low <= noDifference && noDifference <= high,
  };
}

/**
 * The series whose app CPU each one's is compared with, in the same process: the no-verification series for
 * the site's signed-in series, the baseline for the no-verification series (the probe route's own cost), the
 * API without a token for the API's. None for the second server's series and the references.
 */
export function cpuReferenceSeries(series: BenchSeries): BenchSeries | undefined {
  if (isApiSeries(series)) return series === referenceSeries(series) ? undefined : referenceSeries(series);
  if (series === "noverify") return "baseline";
  if (series === "bare" || series === "baseline" || series === "jwt-lean-check") return undefined;
  return "noverify";
}

/** The site's series that a no-verification ratio means something for: everything that read a session. */
function comparedWithNoVerify(series: BenchSeries): boolean {
  return !isApiSeries(series) && !["bare", "baseline", "noverify"].includes(series);
}

const usPerRequest = (cpuMs: number | undefined, round: RoundSample) =>
  cpuMs !== undefined && round.requests > 0 ? (cpuMs * 1000) / round.requests : Number.NaN;

/** Each series' per-round figures as medians with intervals; series without rounds (older files) are left out. */
export function seriesEstimates(results: BenchResults): SeriesEstimates[] {
  const find = (series: BenchSeries | undefined) =>
    series === undefined ? undefined : results.runs.find((run) => run.series === series);
  return results.runs.flatMap((run): SeriesEstimates[] => {
    if (!run.rounds || run.rounds.length < 2) return [];
    const reference = run.series === referenceSeries(run.series) ? undefined : find(referenceSeries(run.series));
    const noVerify = comparedWithNoVerify(run.series) ? find("noverify") : undefined;
    const cpuReference = find(cpuReferenceSeries(run.series));
    const ratioTo = (other: BenchRun | undefined) =>
      other
        ? estimateOf(
            pairedRounds(run, other, (own, theirs) => roundRps(own) / roundRps(theirs)),
            1,
            3,
          )
        : null;
    const cpu = (role: "app" | "postgres" | "redis") =>
      estimateOf(run.rounds?.map((round) => usPerRequest(round.cpuMs?.[role], round)) ?? [], 0, 1);
    return [
      {
        series: run.series,
        vsBaseline: ratioTo(reference),
        vsNoVerify: ratioTo(noVerify),
        p99VsBaseline: reference
          ? estimateOf(
              pairedRounds(run, reference, (own, theirs) => (own.p99 ?? Number.NaN) / (theirs.p99 ?? Number.NaN)),
              1,
              3,
            )
          : null,
        appUsPerRequest: cpu("app"),
        postgresUsPerRequest: cpu("postgres"),
        redisUsPerRequest: cpu("redis"),
        addedAppUs: cpuReference
          ? estimateOf(
              pairedRounds(
                run,
                cpuReference,
                (own, theirs) => usPerRequest(own.cpuMs?.app, own) - usPerRequest(theirs.cpuMs?.app, theirs),
              ),
              0,
              1,
            )
          : null,
      },
    ];
  });
}

/** A median with its 95% interval, and "≈" where the interval holds the no-difference value (indistinguishable). */
export function formatEstimate(estimate: Estimate | null | undefined, decimals: number): string {
  if (!estimate) return "–";
  const interval = `${estimate.median.toFixed(decimals)} [${estimate.low.toFixed(decimals)}, ${estimate.high.toFixed(decimals)}]`;
  return estimate.indistinguishable ? `${interval} ≈` : interval;
}
