import type { BenchResults, BenchRun, BenchSeries } from "@/lib/lab/bench-results";

export type StoreKind = "postgres" | "redis" | "memory";
export type StoreProjection = NonNullable<BenchResults["storeProjection"]>[number];

/**
 * The series the projection covers, in the order it is charted, and the store each one reads per
 * request: null for a token read with no store. The revocation check looks the token's grant up in
 * PostgreSQL on every read.
 */
const PROJECTED_SERIES: readonly { series: BenchSeries; store: StoreKind | null }[] = [
  { series: "jwt-lean", store: null },
  { series: "jwt-lean-check", store: "postgres" },
  { series: "database-lean", store: "postgres" },
  { series: "database-authjs", store: "postgres" },
  { series: "database-redis-lean", store: "redis" },
  { series: "database-memory-lean", store: "memory" },
  // Most hybrid reads are token hits: PostgreSQL sees one lookup per connection per token lifetime.
  { series: "hybrid-lean", store: "postgres" },
];

/** CPU milliseconds per 1,000 requests. */
export function cpuMsPerThousand(cpuMs: number, requests: number): number {
  return requests > 0 ? (cpuMs * 1000) / requests : Number.NaN;
}

/** Requests per second one fully busy core can serve at this cost: 1,000 / (CPU-ms per request). */
export function requestsPerCore(cpuMsPerThousandRequests: number): number {
  return cpuMsPerThousandRequests > 0 ? 1_000_000 / cpuMsPerThousandRequests : Number.POSITIVE_INFINITY;
}

/** App instances, each serving `appRps`, that one store core can serve before it saturates. */
export function instancesPerStoreCore(storeRpsPerCore: number, appRps: number): number {
  return appRps > 0 ? storeRpsPerCore / appRps : Number.NaN;
}

/** The CPU a store spent on a run: a memory store's is the app process's own, where its map lives. */
export function storeCpuMs(store: StoreKind, cpu: NonNullable<BenchRun["cpuMs"]>): number {
  return store === "memory" ? cpu.app : cpu[store];
}

const rounded = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * Each projected series' store cost and how many instances one store core serves. A token with no
 * check has no store to saturate; a memory store serves only the instance that holds it (its map
 * cannot be shared), so neither gets an instance count.
 */
export function storeProjection(runs: readonly BenchRun[]): StoreProjection[] {
  return PROJECTED_SERIES.flatMap(({ series, store }): StoreProjection[] => {
    const run = runs.find((candidate) => candidate.series === series);
    if (!run?.cpuMs || run.requests === 0) return [];
    const appCpuMsPer1k = cpuMsPerThousand(run.cpuMs.app, run.requests);
    if (store === null) {
      return [
        {
          series,
          store,
          appRps: run.rps,
          appCpuMsPer1k: rounded(appCpuMsPer1k, 1),
          storeCpuMsPer1k: null,
          storeRpsPerCore: null,
          instancesPerStoreCore: null,
        },
      ];
    }
    const storeCpuMsPer1k = cpuMsPerThousand(storeCpuMs(store, run.cpuMs), run.requests);
    const storeRpsPerCore = requestsPerCore(storeCpuMsPer1k);
    const instances = instancesPerStoreCore(storeRpsPerCore, run.rps);
    return [
      {
        series,
        store,
        appRps: run.rps,
        appCpuMsPer1k: rounded(appCpuMsPer1k, 1),
        storeCpuMsPer1k: rounded(storeCpuMsPer1k, 1),
        storeRpsPerCore: Number.isFinite(storeRpsPerCore) ? Math.round(storeRpsPerCore) : null,
        // Infinite only when /proc saw no store CPU at all: no number to project from.
        instancesPerStoreCore: store === "memory" || !Number.isFinite(instances) ? null : rounded(instances, 1),
      },
    ];
  });
}
