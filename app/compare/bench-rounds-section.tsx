import { SERIES_LABELS, type BenchResults, type BenchSeries } from "@/lib/lab/bench-results";
import { cpuReferenceSeries, seriesEstimates, type Estimate } from "@/lib/lab/bench-rounds";
import { benchTargets, describeTarget, inProcessChecks } from "@/lib/lab/bench-targets";
import type { ReactNode } from "react";

/** What a series' added CPU is measured over, in a few words. */
const OVER: Partial<Record<BenchSeries, string>> = {
  baseline: "over the baseline",
  noverify: "over no verification",
  "api-none": "over the API without a token",
  "api-introspect-none": "over the API without a token",
};

/**
 * A median with its 95% interval, and "indistinguishable" where the interval holds the no-difference value (for a
 * ratio or a difference; an absolute CPU figure near 0 needs no such word).
 */
function EstimateCell({
  estimate,
  unit,
  note,
  absolute = false,
}: {
  estimate: Estimate | null | undefined;
  unit: "×" | "µs";
  note?: string;
  absolute?: boolean;
}) {
  if (!estimate) return <td className="pr-3">–</td>;
  const show = (value: number) => (unit === "×" ? `${value.toFixed(2)}×` : `${Math.round(value).toLocaleString("en")} µs`);
  return (
    <td className="pr-3">
      {show(estimate.median)}{" "}
      <span className="whitespace-nowrap text-slate-500">
        [{show(estimate.low)}, {show(estimate.high)}]
      </span>
      {estimate.indistinguishable && !absolute ? <span className="block text-amber-800">indistinguishable</span> : null}
      {note ? <span className="block text-slate-500">{note}</span> : null}
    </td>
  );
}

function Table({
  testId,
  caption,
  headings,
  children,
}: {
  testId: string;
  caption: string;
  headings: string[];
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className="mb-2 text-left text-slate-600">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300">
            {headings.map((heading) => (
              <th key={heading} scope="col" className="py-1 pr-3 font-medium">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** Each series' per-round medians: throughput against the baseline and the no-verification series, and CPU per request. */
function RoundsTable({ results }: { results: BenchResults }) {
  const estimates = seriesEstimates(results);
  if (estimates.length === 0)
    return (
      <p className="text-sm text-slate-600" data-testid="bench-rounds-missing">
        This results file kept no per-round figures (it was made before the bench kept them), so it has no intervals and no CPU
        per round: the ratios above are over the whole run.
      </p>
    );
  return (
    <>
      <p className="text-sm">
        Each ratio is taken within a round, and each interval is a bootstrap over the rounds. &quot;Indistinguishable&quot; means
        the interval holds the no-difference value (1× for a ratio, 0 µs for added CPU): the run cannot tell the two apart,
        whichever way the median leans.
      </p>
      <Table
        testId="bench-rounds-table"
        caption={`Per series, the median over ${results.settings.rounds} rounds of ${results.settings.roundSeconds ?? "?"} s, with its 95% interval.`}
        headings={[
          "Series",
          "throughput × baseline",
          "× no verification",
          "app CPU / request",
          "PostgreSQL CPU / request",
          "Redis CPU / request",
          "added app CPU / request",
        ]}
      >
        {estimates.map((row) => {
          const over = cpuReferenceSeries(row.series);
          return (
            <tr key={row.series} className="border-b border-slate-100 align-top">
              <th scope="row" className="py-1 pr-3 font-medium">
                {SERIES_LABELS[row.series]}
              </th>
              <EstimateCell estimate={row.vsBaseline} unit="×" />
              <EstimateCell estimate={row.vsNoVerify} unit="×" />
              <EstimateCell estimate={row.appUsPerRequest} unit="µs" absolute />
              <EstimateCell estimate={row.postgresUsPerRequest} unit="µs" absolute />
              <EstimateCell estimate={row.redisUsPerRequest} unit="µs" absolute />
              <EstimateCell estimate={row.addedAppUs} unit="µs" note={over ? OVER[over] : undefined} />
            </tr>
          );
        })}
      </Table>
    </>
  );
}

/** Each approach's app CPU under load beside what its read costs in one process. */
function InProcessTable({ results }: { results: BenchResults }) {
  const checks = inProcessChecks(results);
  if (checks.every((check) => check.addedAppUs === null)) return null;
  const us = (value: number | null) => (value === null ? "–" : `${value.toLocaleString("en")} µs`);
  return (
    <>
      <p className="text-sm">
        The in-process read is the p50 of the whole read in one process (the API&apos;s: its token verify); the added CPU under
        load is over the no-verification series (the API&apos;s: over the same API without a token).
      </p>
      <Table
        testId="bench-in-process-table"
        caption="In one process and under load: each approach's own cost. Under load it should stay within twice the in-process cost plus 20 µs."
        headings={["Series", "in-process read", "added app CPU under load", "limit", "within"]}
      >
        {checks.map((check) => (
          <tr key={check.series} className="border-b border-slate-100 align-top">
            <th scope="row" className="py-1 pr-3 font-medium">
              {SERIES_LABELS[check.series]}
            </th>
            <td className="pr-3">{check.inProcessUs === null ? "not measured in-process" : us(check.inProcessUs)}</td>
            <EstimateCell estimate={check.addedAppUs} unit="µs" />
            <td className="pr-3">{us(check.limitUs)}</td>
            <td className="pr-3">{check.within === null ? "–" : check.within ? "yes" : "no"}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}

/** Issue 21's targets, measured from the file: met, or missed and by how much. */
function TargetsTable({ results }: { results: BenchResults }) {
  const rows = benchTargets(results);
  if (rows.length === 0) return null;
  return (
    <>
      <p className="text-sm">
        Medians over rounds with their intervals where the file has rounds; whole-run figures where it does not.
      </p>
      <Table
        testId="bench-targets-table"
        caption="The targets this lab holds itself to, measured from this results file. A miss is shown with its size; no target is lowered."
        headings={["Series", "measure", "target", "measured", "result"]}
      >
        {rows.map((row) => {
          const { target, value, verdict } = describeTarget(row);
          return (
            <tr key={`${row.series} ${row.measure}`} className="border-b border-slate-100 align-top">
              <th scope="row" className="py-1 pr-3 font-medium">
                {SERIES_LABELS[row.series]}
              </th>
              <td className="pr-3">{row.measure}</td>
              <td className="pr-3 whitespace-nowrap">{target}</td>
              <td className="pr-3">{value}</td>
              <td className={`pr-3 ${row.met === false ? "text-red-700" : ""}`}>{verdict}</td>
            </tr>
          );
        })}
      </Table>
    </>
  );
}

/** The run round by round: medians with intervals, CPU per request, the in-process check and the targets. */
export function BenchRoundsSection({ results }: { results: BenchResults }) {
  return (
    <section aria-labelledby="bench-rounds" className="space-y-4">
      <h3 id="bench-rounds" className="font-semibold">
        Each approach&apos;s own cost, round by round
      </h3>
      <p className="text-sm">
        CPU per request is the primary figure: on a shared machine it moves less than requests per second. The{" "}
        <em>no verification</em> series loads the lean probe&apos;s own route with a signed-in cookie, parses it as the lean read
        does and answers the same way, but reads no session: what a series costs beyond it is the approach&apos;s own cost, not
        the harness&apos;s.
      </p>
      <RoundsTable results={results} />
      <InProcessTable results={results} />
      <TargetsTable results={results} />
    </section>
  );
}
