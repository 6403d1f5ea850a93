import { SERIES_LABELS, type BenchResults } from "@/lib/lab/bench-results";
import { storeProjection, type StoreProjection } from "@/lib/lab/store-projection";
import { AnnotatedBarChart, type AnnotatedBar } from "@/app/_components/charts/annotated-bar-chart";

const STORE_NAMES: Record<NonNullable<StoreProjection["store"]>, string> = {
  postgres: "PostgreSQL",
  redis: "Redis",
  memory: "this server's memory",
};
const COLOURS: Record<NonNullable<StoreProjection["store"]>, string> = {
  postgres: "#0284c7",
  redis: "#dc2626",
  memory: "#7c3aed",
};

const whole = (value: number | null) => (value === null ? "–" : Math.round(value).toLocaleString("en"));
const oneDecimal = (value: number | null) => (value === null ? "–" : value.toLocaleString("en", { maximumFractionDigits: 1 }));

/** What a row's bar stands for, said in words where there is no number to draw. */
function barOf(row: StoreProjection): AnnotatedBar {
  const label = SERIES_LABELS[row.series];
  if (row.store === null) return { label, value: null, note: "no store: no limit from a store", colour: "#fbbf24" };
  if (row.store === "memory") {
    return { label, value: null, note: "1: only the instance whose memory holds it", colour: COLOURS.memory };
  }
  if (row.instancesPerStoreCore === null)
    return { label, value: null, note: "no store CPU measured", colour: COLOURS[row.store] };
  return {
    label,
    value: row.instancesPerStoreCore,
    note: `${oneDecimal(row.instancesPerStoreCore)} instances (${STORE_NAMES[row.store]})`,
    colour: COLOURS[row.store],
  };
}

function ProjectionTable({ rows }: { rows: StoreProjection[] }) {
  const headings = [
    "Series",
    "store",
    "app req/s (one instance)",
    "app CPU-ms / 1,000 req",
    "store CPU-ms / 1,000 req",
    "req/s one store core serves",
    "instances per store core",
  ];
  return (
    <table id="store-projection-table" className="w-full text-left text-sm" data-testid="store-projection-table">
      <caption className="mb-2 text-left text-slate-600">The measured costs and the projection, as a table.</caption>
      <thead>
        <tr className="border-b border-slate-300">
          {headings.map((heading) => (
            <th key={heading} scope="col" className="py-1 pr-3 font-medium">
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.series} className="border-b border-slate-100">
            <th scope="row" className="py-1 pr-3 font-medium">
              {SERIES_LABELS[row.series]}
            </th>
            <td className="pr-3">{row.store === null ? "none" : STORE_NAMES[row.store]}</td>
            <td className="pr-3">{whole(row.appRps)}</td>
            <td className="pr-3">{oneDecimal(row.appCpuMsPer1k)}</td>
            <td className="pr-3">{oneDecimal(row.storeCpuMsPer1k)}</td>
            <td className="pr-3">{whole(row.storeRpsPerCore)}</td>
            <td className="pr-3">
              {row.store === null
                ? "no limit from a store"
                : row.store === "memory"
                  ? "1 (not shared)"
                  : oneDecimal(row.instancesPerStoreCore)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The committed run's store costs and how many app instances one store core would serve: the honest
 * form of "tokens scale, sessions do not", as a labelled projection with what it leaves out.
 */
export function StoreProjectionSection({ results }: { results: BenchResults }) {
  const rows = storeProjection(results.runs);
  if (rows.length === 0) return null;
  const { machine, settings } = results;
  const bars = rows.map(barOf);
  return (
    <section aria-labelledby="store-projection" className="space-y-3" data-testid="store-projection">
      <h3 id="store-projection" className="font-semibold">
        Projection: how many app instances one store core serves before it saturates
      </h3>
      <p className="text-sm">
        During each series the bench read the CPU the store used from <code>/proc</code> (PostgreSQL&apos;s processes,{" "}
        <code>redis-server</code>, or for the memory store the app process itself) and divided it by the requests served. One
        store core at that cost serves 1,000 / (CPU-ms per request) reads a second; divided by what one app instance served, that
        is the number of instances one store core keeps up with.
      </p>
      <figure className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <figcaption className="font-medium">
          Instances one store core serves (a projection from measured CPU; higher is better)
        </figcaption>
        <AnnotatedBarChart
          testId="chart-store-projection"
          title="Projected app instances one store core serves before it saturates"
          description={`A projection from CPU measured in one run, not a measurement of a fleet: ${bars
            .map((bar) => `${bar.label}: ${bar.note}`)
            .join("; ")}.`}
          unit="app instances per store core (projected)"
          rows={bars}
        />
      </figure>
      <ProjectionTable rows={rows} />
      <p className="text-sm text-slate-600" data-testid="store-projection-caveats">
        What this leaves out: network round trips (here each store ran on the same machine as the app, over loopback; across a
        network every read also waits for the network, and the store&apos;s kernel does more work per request), replicas and
        sharding (a read replica or a Redis cluster multiplies the cores), connection limits (PostgreSQL&apos;s{" "}
        <code>max_connections</code> against each instance&apos;s pool), the store&apos;s memory, and everything else the store
        does besides reads (writes, sign-ins, expiry cleanup). The store shared two cores with the app and the load generator, so
        its CPU per request is what it cost here, not what it would cost on a quiet machine. Measured{" "}
        {new Date(results.createdAt).toISOString().slice(0, 10)} on {machine.cpus} × {machine.cpuModel}, {machine.memoryGiB} GiB,{" "}
        {machine.os}
        {settings.command ? (
          <>
            {" "}
            with <code>{settings.command}</code>
          </>
        ) : null}
        .
      </p>
    </section>
  );
}
