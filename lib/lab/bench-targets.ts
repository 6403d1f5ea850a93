import { benchRatios, type BenchResults, type BenchRun, type BenchSeries } from "@/lib/lab/bench-results";
import { cpuReferenceSeries, seriesEstimates, type Estimate, type SeriesEstimates } from "@/lib/lab/bench-rounds";

/**
 * Issue 21's targets, measured from one results file: each approach's throughput against the baseline, its
 * app CPU over the no-verification series against what its read costs in-process, the stores' CPU per
 * request, p99 against the baseline's, and the bare `next start` reference against the baseline.
 */

export type InProcessCheck = NonNullable<BenchResults["inProcessCheck"]>[number];
export type TargetRow = NonNullable<BenchResults["targets"]>[number];

/** The in-process slack: under load a read may cost twice what it costs alone, plus this many µs. */
const SLACK_US = 20;

/** The approaches checked, each with where its in-process read cost comes from. */
const CHECKED: readonly {
  series: BenchSeries;
  minThroughput: number;
  inProcess: (results: BenchResults) => number | null;
  /** A limit that does not scale with an in-process figure. */
  fixedLimitUs?: number;
}[] = [
  { series: "jwt-lean", minThroughput: 0.92, inProcess: (results) => wholeRead(results, "jwt") },
  { series: "hybrid-lean", minThroughput: 0.9, inProcess: (results) => wholeRead(results, "hybrid") },
  // The memory store's lookup is a Map read: its limit is the slack alone.
  { series: "database-memory-lean", minThroughput: 0.95, inProcess: () => null, fixedLimitUs: SLACK_US },
  {
    series: "database-redis-lean",
    minThroughput: 0.88,
    inProcess: (results) => results.verification.redisLeanRead?.p50Us ?? null,
  },
  { series: "database-lean", minThroughput: 0.8, inProcess: (results) => wholeRead(results, "database") },
  { series: "api-local", minThroughput: 0.9, inProcess: (results) => results.oauth?.accessTokenVerify.p50Us ?? null },
];

const LEAN_SERIES: readonly BenchSeries[] = [
  "jwt-lean",
  "database-lean",
  "database-redis-lean",
  "database-memory-lean",
  "hybrid-lean",
  "jwt-lean-check",
];

/** The added-CPU limit of a checked approach: its fixed limit, or twice its in-process read plus the slack. */
function limitUsOf(check: (typeof CHECKED)[number], results: BenchResults): number | null {
  if (check.fixedLimitUs !== undefined) return check.fixedLimitUs;
  const inProcessUs = check.inProcess(results);
  return inProcessUs === null ? null : rounded(2 * inProcessUs + SLACK_US, 1);
}

/** The p50 of a whole lean read in one mode, from the file's in-process stage timings. */
function wholeRead(results: BenchResults, mode: "jwt" | "hybrid" | "database"): number | null {
  return results.readStages?.find((timing) => timing.mode === mode && timing.path === "lean")?.totalP50Us ?? null;
}

const rounded = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** A whole-run figure, for files without rounds: the value alone, with no interval. */
const wholeRun = (value: number | null | undefined): { value: number | null; low: null; high: null } => ({
  value: value === undefined || value === null || !Number.isFinite(value) ? null : value,
  low: null,
  high: null,
});
const fromEstimate = (estimate: Estimate | null | undefined) =>
  estimate ? { value: estimate.median, low: estimate.low, high: estimate.high } : undefined;

const appUsPerRequest = (run: BenchRun | undefined) =>
  run?.cpuMs && run.requests > 0 ? (run.cpuMs.app * 1000) / run.requests : undefined;

/** What `series` adds to the app's CPU per request over its reference: per-round median, or the whole run's difference. */
function addedAppUs(results: BenchResults, estimates: readonly SeriesEstimates[], series: BenchSeries) {
  const reference = cpuReferenceSeries(series);
  const find = (name: BenchSeries | undefined) => results.runs.find((run) => run.series === name);
  const own = appUsPerRequest(find(series));
  const theirs = appUsPerRequest(find(reference));
  return (
    fromEstimate(estimates.find((row) => row.series === series)?.addedAppUs) ??
    wholeRun(own !== undefined && theirs !== undefined ? rounded(own - theirs, 1) : null)
  );
}

/** For each checked approach in the file: its in-process read, its added app CPU under load, the limit, and whether it is within. */
export function inProcessChecks(results: BenchResults, estimates = seriesEstimates(results)): InProcessCheck[] {
  return CHECKED.filter(({ series }) => results.runs.some((run) => run.series === series)).map((check) => {
    const { series } = check;
    const inProcessUs = check.inProcess(results);
    const limitUs = limitUsOf(check, results);
    const added = estimates.find((row) => row.series === series)?.addedAppUs ?? null;
    return {
      series,
      inProcessUs,
      addedAppUs: added,
      limitUs,
      within: added && limitUs !== null ? added.median <= limitUs : null,
    };
  });
}

function target(
  series: BenchSeries,
  measure: string,
  measured: { value: number | null; low: number | null; high: number | null },
  comparison: TargetRow["comparison"],
  limit: number | null,
  unit: TargetRow["unit"],
  note?: string,
): TargetRow {
  const { value } = measured;
  const met = value === null || limit === null ? null : comparison === "at least" ? value >= limit : value <= limit;
  const missedBy =
    met === false && value !== null && limit !== null ? rounded(Math.abs(value - limit), unit === "×" ? 3 : 1) : null;
  return {
    series,
    measure,
    ...measured,
    comparison,
    limit,
    unit,
    met,
    missedBy,
    ...(met === null && note ? { note } : {}),
  };
}

/** Every target of the issue's table that the file has the series for, met or missed and by how much. */
export function benchTargets(results: BenchResults): TargetRow[] {
  const estimates = seriesEstimates(results);
  const { bySeries } = benchRatios(results.runs);
  const has = (series: BenchSeries) => results.runs.some((run) => run.series === series);
  const estimateOf = (series: BenchSeries) => estimates.find((row) => row.series === series);
  const cpuOf = (series: BenchSeries, role: "postgres" | "redis") => {
    const run = results.runs.find((candidate) => candidate.series === series);
    const estimate = estimateOf(series)?.[role === "postgres" ? "postgresUsPerRequest" : "redisUsPerRequest"];
    return (
      fromEstimate(estimate) ??
      wholeRun(run?.cpuMs && run.requests > 0 ? rounded((run.cpuMs[role] * 1000) / run.requests, 1) : null)
    );
  };
  const rows: TargetRow[] = [];
  for (const check of CHECKED) {
    if (!has(check.series)) continue;
    const { series } = check;
    rows.push(
      target(
        series,
        series === "api-local" ? "throughput vs the same API without a token" : "throughput vs baseline",
        fromEstimate(estimateOf(series)?.vsBaseline) ?? wholeRun(bySeries[series]?.vsBaseline),
        "at least",
        check.minThroughput,
        "×",
      ),
    );
    const limitUs = limitUsOf(check, results);
    rows.push(
      target(
        series,
        series === "api-local" ? "added app CPU per request over no token" : "added app CPU per request over no verification",
        addedAppUs(results, estimates, series),
        "at most",
        limitUs,
        "µs",
        limitUs === null
          ? "no in-process read cost for this store (the in-process reads are of PostgreSQL sessions)"
          : "no reference series in this file",
      ),
    );
    if (series === "database-redis-lean")
      rows.push(target(series, "Redis CPU per request", cpuOf(series, "redis"), "at most", 30, "µs", "CPU not read"));
    if (series === "database-lean")
      rows.push(target(series, "PostgreSQL CPU per request", cpuOf(series, "postgres"), "at most", 120, "µs", "CPU not read"));
  }
  for (const series of LEAN_SERIES.filter(has)) {
    rows.push(
      target(
        series,
        "p99 vs baseline p99",
        fromEstimate(estimateOf(series)?.p99VsBaseline) ?? wholeRun(bySeries[series]?.p99VsBaseline),
        "at most",
        2,
        "×",
      ),
    );
  }
  if (has("bare") && has("baseline")) {
    rows.push(
      target(
        "bare",
        "bare next start throughput vs baseline",
        fromEstimate(estimateOf("bare")?.vsBaseline) ?? wholeRun(bySeries.bare?.vsBaseline),
        "at least",
        0.95,
        "×",
      ),
    );
  }
  return rows;
}

/** A target row in words: the target, the measured value with its interval, and met, missed by how much, or why not measured. */
export function describeTarget(row: TargetRow): { target: string; value: string; verdict: string } {
  const unit = (value: number) => (row.unit === "×" ? `${value.toFixed(2)}×` : `${value.toFixed(1)} µs`);
  const interval = row.low !== null && row.high !== null ? ` [${unit(row.low)}, ${unit(row.high)}]` : "";
  return {
    target: `${row.comparison === "at least" ? "≥" : "≤"} ${row.limit === null ? "?" : unit(row.limit)}`,
    value: row.value === null ? "not measured" : `${unit(row.value)}${interval}`,
    verdict:
      row.met === null
        ? (row.note ?? "not measured")
        : row.met
          ? "met"
          : `missed by ${row.missedBy === null ? "?" : row.unit === "×" && row.missedBy < 0.01 ? `${row.missedBy.toFixed(3)}×` : unit(row.missedBy)}`,
  };
}
