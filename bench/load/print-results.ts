import { defined } from "@/lib/defined";
import { benchRatios, SERIES_LABELS, type BenchResults } from "@/lib/lab/bench-results";
import { cpuReferenceSeries, formatEstimate, seriesEstimates } from "@/lib/lab/bench-rounds";
import { benchTargets, describeTarget, inProcessChecks } from "@/lib/lab/bench-targets";

/** The run's tables on the terminal: throughput and latency, CPU per 1,000 requests, and the store projection. */
export function printTable(results: BenchResults) {
  const { bySeries, baselineVsBare } = benchRatios(results.runs);
  const times = (value: number | null | undefined) => (value == null ? "–" : value.toFixed(2));
  console.log(
    "\nseries             req/s  ×base  p50 ms  p95 ms  p99 ms  p99×base  errors  cookie B  peak RSS MiB  store reads/req",
  );
  for (const run of results.runs) {
    const ratios = bySeries[run.series];
    console.log(
      `${run.series.padEnd(16)} ${run.rps.toFixed(0).padStart(7)}  ${times(ratios?.vsBaseline).padStart(5)}  ${run.p50.toFixed(2).padStart(6)}  ${run.p95.toFixed(2).padStart(6)}  ${run.p99.toFixed(2).padStart(6)}  ${times(ratios?.p99VsBaseline).padStart(8)}  ${String(run.errors).padStart(6)}  ${String(run.cookieBytes).padStart(8)}  ${run.peakRssMiB.toFixed(1).padStart(12)}  ${(run.storeReads === undefined || run.requests === 0 ? "–" : (run.storeReads / run.requests).toFixed(4)).padStart(15)}`,
    );
  }
  const hybrid = results.runs.find((run) => run.series === "hybrid-lean");
  if (hybrid?.storeReads !== undefined) {
    const { connections, rounds, hybridTokenTtlSeconds } = results.settings;
    console.log(
      `hybrid: ${hybrid.storeReads} store reads in ${hybrid.requests} requests, ${(hybrid.storeReads / (connections * rounds)).toFixed(2)} per connection per round (token ${hybridTokenTtlSeconds ?? "?"} s)`,
    );
  }
  console.log(`\nbaseline / bare next start: ${times(baselineVsBare)}`);
  const { jwtDecrypt, sessionLookup } = results.verification;
  console.log(`verification alone: JWE decrypt p50 ${jwtDecrypt.p50Us} µs · Session lookup p50 ${sessionLookup.p50Us} µs`);
  const perThousand = (ms: number, requests: number) => (requests > 0 ? ((ms * 1000) / requests).toFixed(1) : "–");
  const withCpu = results.runs.filter((run) => run.cpuMs);
  if (withCpu.length > 0) {
    console.log("\nCPU-ms per 1,000 requests  app  postgres  redis");
    for (const run of withCpu) {
      const cpu = defined(run.cpuMs, "CPU");
      console.log(
        `${run.series.padEnd(24)} ${perThousand(cpu.app, run.requests).padStart(6)}  ${perThousand(cpu.postgres, run.requests).padStart(8)}  ${perThousand(cpu.redis, run.requests).padStart(5)}`,
      );
    }
  }
  const estimates = seriesEstimates(results);
  if (estimates.length > 0) {
    console.log(
      "\nper-round medians [95% interval] (≈: indistinguishable from no difference)\nseries               ×baseline              ×noverify              app µs/req              postgres µs/req      redis µs/req       added app µs/req (over)",
    );
    for (const row of estimates) {
      const over = cpuReferenceSeries(row.series);
      console.log(
        `${row.series.padEnd(20)} ${formatEstimate(row.vsBaseline, 2).padEnd(22)} ${formatEstimate(row.vsNoVerify, 2).padEnd(22)} ${formatEstimate(row.appUsPerRequest, 0).padEnd(23)} ${formatEstimate(row.postgresUsPerRequest, 0).padEnd(20)} ${formatEstimate(row.redisUsPerRequest, 0).padEnd(18)} ${formatEstimate(row.addedAppUs, 0)}${over ? ` (${over})` : ""}`,
      );
    }
  }
  const checks = inProcessChecks(results, estimates);
  if (checks.length > 0) {
    console.log("\nin-process vs under load  in-process µs  added app µs under load   limit µs  within");
    for (const check of checks) {
      const within = check.within === null ? "–" : check.within ? "yes" : "no";
      console.log(
        `${check.series.padEnd(24)} ${(check.inProcessUs === null ? "–" : check.inProcessUs.toFixed(1)).padStart(13)}  ${formatEstimate(check.addedAppUs, 0).padEnd(24)} ${(check.limitUs === null ? "–" : check.limitUs.toFixed(1)).padStart(8)}  ${within}`,
      );
    }
  }
  const projection = results.storeProjection ?? [];
  if (projection.length > 0) {
    console.log(
      "\nprojection               store     app req/s  store CPU-ms/1k  store req/s per core  instances per store core",
    );
    const show = (value: number | null) => (value === null ? "–" : String(value));
    for (const row of projection) {
      console.log(
        `${row.series.padEnd(24)} ${(row.store ?? "none").padEnd(8)}  ${row.appRps.toFixed(0).padStart(9)}  ${show(row.storeCpuMsPer1k).padStart(15)}  ${show(row.storeRpsPerCore).padStart(20)}  ${show(row.instancesPerStoreCore).padStart(24)}`,
      );
    }
  }
  console.log("\ntargets (issue 21), medians over rounds [95% interval]");
  for (const row of benchTargets(results)) {
    const { target, value, verdict } = describeTarget(row);
    console.log(`${row.series.padEnd(21)} ${row.measure.padEnd(48)} ${target.padEnd(10)} ${value.padEnd(30)} ${verdict}`);
  }
}

/**
 * The per-round table, the in-process check and the targets of a results file as Markdown, for
 * docs/benchmark.md: `npm run bench -- --print FILE --markdown`.
 */
export function printMarkdown(results: BenchResults) {
  const row = (cells: string[]) => console.log(`| ${cells.join(" | ")} |`);
  const header = (cells: string[]) => {
    row(cells);
    row(cells.map(() => "---"));
  };
  const estimates = seriesEstimates(results);
  if (estimates.length > 0) {
    console.log(
      `Medians over ${results.settings.rounds} rounds of ${results.settings.roundSeconds ?? "?"} s, [95% interval]; ≈: indistinguishable.\n`,
    );
    header([
      "series",
      "× baseline",
      "× no verification",
      "app µs/request",
      "PostgreSQL µs/request",
      "Redis µs/request",
      "added app µs/request",
    ]);
    for (const estimate of estimates) {
      const over = cpuReferenceSeries(estimate.series);
      row([
        SERIES_LABELS[estimate.series],
        formatEstimate(estimate.vsBaseline, 2),
        formatEstimate(estimate.vsNoVerify, 2),
        formatEstimate(estimate.appUsPerRequest, 0),
        formatEstimate(estimate.postgresUsPerRequest, 0),
        formatEstimate(estimate.redisUsPerRequest, 0),
        `${formatEstimate(estimate.addedAppUs, 0)}${over && estimate.addedAppUs ? ` (over ${over})` : ""}`,
      ]);
    }
    console.log("");
  }
  const checks = inProcessChecks(results, estimates);
  if (checks.length > 0) {
    header(["series", "in-process read µs (p50)", "added app µs/request under load", "limit µs", "within"]);
    for (const check of checks) {
      row([
        SERIES_LABELS[check.series],
        check.inProcessUs === null ? "–" : String(check.inProcessUs),
        formatEstimate(check.addedAppUs, 0),
        check.limitUs === null ? "–" : String(check.limitUs),
        check.within === null ? "–" : check.within ? "yes" : "no",
      ]);
    }
    console.log("");
  }
  header(["series", "measure", "target", "measured", "result"]);
  for (const target of benchTargets(results)) {
    const { target: limit, value, verdict } = describeTarget(target);
    row([SERIES_LABELS[target.series], target.measure, limit, value, verdict]);
  }
}
