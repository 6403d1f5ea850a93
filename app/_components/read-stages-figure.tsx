import { READ_STAGES, type ReadStageName } from "@/lib/auth";
import { describeStageBar, type StageBar } from "@/lib/lab/read-stage-summary";
import { StackedBarChart } from "@/app/_components/charts/stacked-bar-chart";

// Warm colours for what the framework adds, cool ones for the approach's own work.
const STAGE_COLOURS: Record<ReadStageName, string> = {
  config: "#f59e0b",
  cookie: "#fbbf24",
  keys: "#0e7490",
  decrypt: "#0891b2",
  query: "#4338ca",
  database: "#6366f1",
  mapping: "#a5b4fc",
  callbacks: "#f97316",
  reissue: "#14b8a6",
  other: "#fca5a5",
};

type Props = { title: string; bars: StageBar[]; testId: string };

/** Where a read's time went: stacked bars, one sentence per bar, and the numbers as a table. */
export function ReadStagesFigure({ title, bars, testId }: Props) {
  const stagesShown = READ_STAGES.filter((name) => bars.some((bar) => bar.segments.some((segment) => segment.name === name)));
  return (
    <figure className="space-y-3" data-testid={testId}>
      <StackedBarChart
        title={title}
        description={bars.map(describeStageBar).join(" ")}
        unit="µs"
        testId={`${testId}-chart`}
        colours={STAGE_COLOURS}
        bars={bars.map((bar) => ({
          label: bar.label,
          segments: bar.segments.map((segment) => ({ key: segment.name, label: segment.label, value: segment.us })),
        }))}
      />
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Stages">
        {stagesShown.map((name) => (
          <li key={name} className="flex items-center gap-1">
            <svg viewBox="0 0 10 10" className="h-3 w-3" aria-hidden="true">
              <rect width="10" height="10" rx="2" fill={STAGE_COLOURS[name]} />
            </svg>
            {bars.flatMap((bar) => bar.segments).find((segment) => segment.name === name)?.label ?? name}
          </li>
        ))}
      </ul>
      <figcaption className="space-y-1 text-sm text-slate-700">
        {bars.map((bar) => (
          <p key={bar.label}>{describeStageBar(bar)}</p>
        ))}
      </figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer text-indigo-700">Stage timings as a table</summary>
        <table className="mt-2 w-full border-collapse text-left text-xs">
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="p-1">
                Read
              </th>
              <th scope="col" className="p-1">
                Stage
              </th>
              <th scope="col" className="p-1 text-right">
                µs
              </th>
              <th scope="col" className="p-1">
                Whose cost
              </th>
            </tr>
          </thead>
          <tbody>
            {bars.flatMap((bar) =>
              bar.segments.map((segment) => (
                <tr key={`${bar.label}-${segment.name}`} className="border-b border-slate-100">
                  <td className="p-1">{bar.label}</td>
                  <td className="p-1">{segment.label}</td>
                  <td className="p-1 text-right font-mono">{segment.us.toLocaleString("en")}</td>
                  <td className="p-1">{segment.kind === "approach" ? "the approach" : "the framework"}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
