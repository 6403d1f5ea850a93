import { hybridRefreshOf } from "@/lib/lab/store-read-cells";
import { benchRatios, isApiSeries, SERIES_LABELS, type BenchResults, type BenchSeries } from "@/lib/lab/bench-results";
import type { BenchResultsState } from "@/lib/lab/committed-results";
import { GroupedBarChart } from "@/app/_components/charts/grouped-bar-chart";
import { LogLineChart } from "@/app/_components/charts/log-line-chart";
import type { ReactNode } from "react";
import { benchFindings } from "@/lib/lab/bench-findings";
import { stageBar, type StageBar } from "@/lib/lab/read-stage-summary";
import { ReadStagesFigure } from "@/app/_components/read-stages-figure";
import { StoreProjectionSection } from "@/app/compare/store-projection-section";
import { BenchRoundsSection } from "@/app/compare/bench-rounds-section";
import { formatPerRequest, seriesStoreReads, storeReadsOf } from "@/lib/lab/store-reads";

function Figure({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <figure className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
      <figcaption className="font-medium">{caption}</figcaption>
      {children}
    </figure>
  );
}

const COLOURS: Record<BenchSeries, string> = {
  bare: "#94a3b8",
  baseline: "#64748b",
  noverify: "#a1a1aa",
  "jwt-authjs": "#d97706",
  "database-authjs": "#0284c7",
  "jwt-lean": "#fbbf24",
  "database-lean": "#38bdf8",
  "database-redis-lean": "#dc2626",
  "database-memory-lean": "#7c3aed",
  "hybrid-lean": "#059669",
  "jwt-lean-check": "#b45309",
  "api-none": "#a8a29e",
  "api-local": "#0d9488",
  "api-introspect-none": "#d6d3d1",
  "api-introspect": "#be185d",
  jwt: "#d97706",
  database: "#0284c7",
};
const times = (value: number | null | undefined) => (value == null ? "–" : `${value.toFixed(2)}×`);
// Wide enough for the longest series label ("Hybrid (token + PostgreSQL session), lean read").
const LABEL_WIDTH = 300;
const PERCENTILE_SHADES = ["#4f46e5", "#818cf8", "#c7d2fe"];

function MakeResults({ message }: { message: string }) {
  return (
    <div className="rounded-md border border-amber-200 bg-amber-50 p-4 text-sm" role="note">
      <p>{message}</p>
      <p className="mt-2">
        Make one with <code className="rounded bg-white px-1">npm run bench -- --out bench/results/latest.json</code> (add{" "}
        <code className="rounded bg-white px-1">--sessions 1000000</code> for the table-size chart).
      </p>
    </div>
  );
}

function ResultsTable({ results }: { results: BenchResults }) {
  const { bySeries } = benchRatios(results.runs);
  return (
    <table id="bench-table" className="w-full text-left text-sm" data-testid="bench-table">
      <caption className="mb-2 text-left text-slate-600">
        The same numbers as a table. The API service&apos;s series are compared with the same API process answering without a
        token, not with the site&apos;s baseline.
      </caption>
      <thead>
        <tr className="border-b border-slate-300">
          {[
            "Series",
            "req/s",
            "× baseline",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "p99 × baseline",
            "errors",
            "cookie bytes",
            "store reads / request",
            "peak RSS MiB",
          ].map((heading) => (
            <th key={heading} scope="col" className="py-1 pr-3 font-medium">
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {results.runs.map((run) => (
          <tr key={run.series} className="border-b border-slate-100">
            <th scope="row" className="py-1 pr-3 font-medium">
              {SERIES_LABELS[run.series]}
            </th>
            <td className="pr-3">{run.rps.toFixed(0)}</td>
            <td className="pr-3">{times(bySeries[run.series]?.vsBaseline)}</td>
            <td className="pr-3">{run.p50}</td>
            <td className="pr-3">{run.p95}</td>
            <td className="pr-3">{run.p99}</td>
            <td className="pr-3">{times(bySeries[run.series]?.p99VsBaseline)}</td>
            <td className="pr-3">{run.errors}</td>
            <td className="pr-3">{run.cookieBytes}</td>
            <td className="pr-3">{storeReadsCell(run)}</td>
            <td className="pr-3">{run.peakRssMiB}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A signed-in series' store reads per request; "–" for unauthenticated series and files that did not count them. */
function storeReadsCell(run: BenchResults["runs"][number]): string {
  const reads = storeReadsOf(run);
  return reads && run.cookieBytes > 0 ? formatPerRequest(reads.perRequest) : "–";
}

/** The hybrid series' store reads: per request, and per connection per token lifetime, with the lifetime the server used. */
function HybridStoreReads({ results }: { results: BenchResults }) {
  const hybrid = seriesStoreReads(results, "hybrid-lean");
  const ttl = results.settings.hybridTokenTtlSeconds;
  if (!hybrid || ttl === undefined) return null;
  const database = seriesStoreReads(results, "database-lean");
  const refresh = hybridRefreshOf(results);
  return (
    <p id="bench-hybrid-store-reads" className="text-sm" data-testid="bench-hybrid-store-reads">
      The hybrid series ran with <code>AUTH_HYBRID_TOKEN_TTL={ttl}</code> (a {ttl}-second token; the default is 60 s). Each of its
      connections kept the token the server set and sent it back, as a browser does, and started each round without one, as a
      browser back after a pause. Its server reported {hybrid.reads.toLocaleString("en")} store reads in{" "}
      {hybrid.requests.toLocaleString("en")} requests: {formatPerRequest(hybrid.perRequest)} per request
      {hybrid.perConnectionPerRound !== undefined ? `, ${hybrid.perConnectionPerRound.toFixed(2)} per connection per round` : ""}
      {database ? `, where a server session read the store ${formatPerRequest(database.perRequest)} times per request` : ""}. Like
      a browser, a connection drops the token cookie when it expires, so one reading without pause looks the session up about once
      per {ttl} s; rounds shorter than that show only each connection&apos;s first lookup.
      {refresh &&
        ` After the rounds, one unbroken ${refresh.seconds}-second run of ${refresh.connections} connections made ${refresh.storeReads.toLocaleString("en")} store reads in ${refresh.requests.toLocaleString("en")} requests: ${refresh.perConnectionPerLifetime.toFixed(2)} per connection per token lifetime.`}
    </p>
  );
}

/** The lean lookup's p50 at each table size, when the file has it. */
function leanLookupSeries(results: BenchResults) {
  const points = results.lookupScaling.flatMap((point) =>
    point.leanP50Us === undefined ? [] : [{ x: point.sessions, y: point.leanP50Us }],
  );
  return points.length === 0 ? [] : [{ label: "lean lookup p50", colour: COLOURS["database-lean"], points }];
}

/** The committed run's per-stage medians as the same stacked bars the live section draws. */
function committedStageBars(results: BenchResults): StageBar[] {
  return (results.readStages ?? []).map((timing) =>
    stageBar({
      mode: timing.mode,
      path: timing.path,
      authMs: timing.totalP50Us / 1000,
      stages: timing.stages.map((stage) => ({ name: stage.name, ms: stage.p50Us / 1000 })),
    }),
  );
}

/** The committed benchmark as charts, with the table and the machine they came from. */
export function BenchSection({ state }: { state: BenchResultsState }) {
  if (state.status === "missing") return <MakeResults message={`No benchmark results yet (${state.file} does not exist).`} />;
  if (state.status === "invalid") return <MakeResults message={`${state.file} could not be read: ${state.reason}.`} />;
  const { results } = state;
  const { machine, settings, verification } = results;
  const { bySeries, baselineVsBare } = benchRatios(results.runs);
  const findings = benchFindings(results);
  const stageBars = committedStageBars(results);
  // The API service answers tens of thousands of requests a second: on the site's scale its bars would hide the modes'.
  const siteRuns = results.runs.filter((run) => !isApiSeries(run.series));
  const apiRuns = results.runs.filter((run) => isApiSeries(run.series));
  const describe = (pick: (run: BenchResults["runs"][number]) => string, runs = siteRuns) =>
    runs.map((run) => `${SERIES_LABELS[run.series]} ${pick(run)}`).join("; ");
  const appCpuUs = (run: BenchResults["runs"][number]) =>
    run.cpuMs && run.requests > 0
      ? `${Math.round((run.cpuMs.app * 1000) / run.requests)} µs of API CPU per request`
      : "CPU not read";
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600" data-testid="bench-machine">
        Measured {new Date(results.createdAt).toISOString().slice(0, 10)} on {machine.cpus} × {machine.cpuModel},{" "}
        {machine.memoryGiB} GiB, Node {machine.node}, {machine.os}: {settings.connections} connections, {settings.durationSeconds}{" "}
        s per series in {settings.rounds} alternating rounds, {settings.sessionRows.toLocaleString("en")} Session rows,{" "}
        {settings.target}
        {settings.command ? (
          <>
            {" "}
            (<code>{settings.command}</code>)
          </>
        ) : null}
        .
      </p>
      {baselineVsBare !== null ? (
        <p className="text-sm" data-testid="bench-bare-reference">
          The baseline route served {times(baselineVsBare)} the requests per second of the same route in a bare{" "}
          <code>next start</code> app measured in the same run: what this site adds before any session is read (its front door,
          its configuration, its start-up code).
        </p>
      ) : null}
      <Figure caption="Throughput per mode (higher is better)">
        <GroupedBarChart
          testId="chart-throughput"
          title="Throughput per mode"
          description={`Requests per second, and the share of the baseline's: ${describe(
            (run) => `${run.rps.toFixed(0)} (${times(bySeries[run.series]?.vsBaseline)})`,
          )}.`}
          unit="requests / s"
          labelWidth={LABEL_WIDTH}
          groups={siteRuns.map((run) => ({
            label: SERIES_LABELS[run.series],
            bars: [{ label: "", value: run.rps, colour: COLOURS[run.series] }],
          }))}
        />
      </Figure>
      {apiRuns.length > 0 ? (
        <Figure caption="The API service: throughput with and without a bearer token (higher is better)">
          <GroupedBarChart
            testId="chart-api-throughput"
            title="API service throughput"
            description={`Requests per second, the share of the same API process answering without a token, and its CPU per request: ${describe(
              (run) => `${run.rps.toFixed(0)} (${times(bySeries[run.series]?.vsBaseline)}, ${appCpuUs(run)})`,
              apiRuns,
            )}.`}
            unit="requests / s"
            labelWidth={LABEL_WIDTH}
            groups={apiRuns.map((run) => ({
              label: SERIES_LABELS[run.series],
              bars: [{ label: "", value: run.rps, colour: COLOURS[run.series] }],
            }))}
          />
        </Figure>
      ) : null}
      <Figure caption="Latency percentiles per mode (lower is better)">
        <GroupedBarChart
          testId="chart-latency"
          title="Latency percentiles per mode"
          description={`Latency in milliseconds (p50, p95, p99): ${describe((run) => `${run.p50}, ${run.p95}, ${run.p99}`)}.`}
          unit="ms"
          labelWidth={LABEL_WIDTH}
          groups={siteRuns.map((run) => ({
            label: SERIES_LABELS[run.series],
            bars: (["p50", "p95", "p99"] as const).map((key, index) => ({
              label: key,
              value: run[key],
              colour: PERCENTILE_SHADES[index] ?? "#64748b",
            })),
          }))}
        />
      </Figure>
      <Figure caption="Session lookup latency against table size">
        <LogLineChart
          testId="chart-lookup-scaling"
          title="Session lookup latency against table size"
          description={`In-process Session lookups (p50 and p95, microseconds): ${results.lookupScaling
            .map((point) => `${point.sessions.toLocaleString("en")} rows ${point.p50Us} and ${point.p95Us}`)
            .join("; ")}. Decrypting a JWE takes ${verification.jwtDecrypt.p50Us} µs at p50 whatever the table size.`}
          xLabel="rows in the Session table (log scale)"
          yLabel="µs per lookup"
          series={[
            {
              label: "lookup p50",
              colour: COLOURS["database-authjs"],
              points: results.lookupScaling.map((point) => ({ x: point.sessions, y: point.p50Us })),
            },
            {
              label: "lookup p95",
              colour: "#7dd3fc",
              points: results.lookupScaling.map((point) => ({ x: point.sessions, y: point.p95Us })),
            },
            ...leanLookupSeries(results),
            {
              label: "JWE decrypt p50",
              colour: COLOURS["jwt-authjs"],
              points: results.lookupScaling.map((point) => ({ x: point.sessions, y: verification.jwtDecrypt.p50Us })),
            },
          ]}
        />
      </Figure>
      <ResultsTable results={results} />
      <BenchRoundsSection results={results} />
      <HybridStoreReads results={results} />
      {findings.length > 0 ? (
        <section aria-labelledby="bench-findings" className="space-y-2" data-testid="bench-findings">
          <h3 id="bench-findings" className="font-semibold">
            What each approach costs, and what the framework adds
          </h3>
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {findings.map((finding) => (
              <li key={finding}>{finding}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <StoreProjectionSection results={results} />
      {stageBars.length > 0 ? (
        <Figure
          caption={`Stages of one read in this run: the median of each stage over ${(results.readStages?.[0]?.iterations ?? 0).toLocaleString("en")} in-process reads`}
        >
          <ReadStagesFigure
            title="Median stage times of one session read in the committed run, in microseconds"
            bars={stageBars}
            testId="bench-read-stages"
          />
        </Figure>
      ) : null}
      <p className="text-sm text-slate-600">
        Verification alone, in-process: decrypting a JWE {verification.jwtDecrypt.p50Us} µs (p95 {verification.jwtDecrypt.p95Us});
        one Session lookup with its user {verification.sessionLookup.p50Us} µs (p95 {verification.sessionLookup.p95Us}).
        {verification.leanDecrypt && verification.leanLookup
          ? ` On the lean path: decrypting ${verification.leanDecrypt.p50Us} µs (p95 ${verification.leanDecrypt.p95Us}), the prepared lookup ${verification.leanLookup.p50Us} µs (p95 ${verification.leanLookup.p95Us}).`
          : ""}
      </p>
    </div>
  );
}
