import { z } from "zod";
import { READ_STAGES } from "@/lib/auth/session/read-stages";

/**
 * The series a bench run can hold, in the order they are charted. `bare` is the reference: the same
 * baseline route in a bare `next start` app. `database-*` without a store name keep sessions in
 * PostgreSQL. `api-*` load the API service (api/) with bearer tokens, each against the same process
 * unauthenticated (`api-none`, `api-introspect-none`). `jwt` and `database` are older files' series,
 * which read the session through whatever path the server was configured with.
 */

/** The series that load the API service rather than the site. */
export const isApiSeries = (series: BenchSeries) => series.startsWith("api-");

/** The series each one is compared with: the API's against the same API process with no token, the rest against the site's baseline. */
function referenceSeries(series: BenchSeries): BenchSeries {
  if (series === "api-local" || series === "api-none") return "api-none";
  if (series === "api-introspect" || series === "api-introspect-none") return "api-introspect-none";
  return "baseline";
}
export const BENCH_SERIES = [
  "bare",
  "baseline",
  "jwt-authjs",
  "database-authjs",
  "jwt-lean",
  "database-lean",
  "database-redis-lean",
  "database-memory-lean",
  "hybrid-lean",
  "jwt-lean-check",
  "api-none",
  "api-local",
  "api-introspect-none",
  "api-introspect",
  "jwt",
  "database",
] as const;
export type BenchSeries = (typeof BENCH_SERIES)[number];

export const SERIES_LABELS: Record<BenchSeries, string> = {
  bare: "Bare next start (reference)",
  baseline: "No auth (baseline)",
  "jwt-authjs": "Token (JWT), Auth.js read",
  "database-authjs": "Server session in PostgreSQL, Auth.js read",
  "jwt-lean": "Token (JWT), lean read",
  "database-lean": "Server session in PostgreSQL, lean read",
  "database-redis-lean": "Server session in Redis, lean read",
  "database-memory-lean": "Server session in memory, lean read",
  "hybrid-lean": "Hybrid (token + PostgreSQL session), lean read",
  "jwt-lean-check": "Token (JWT), lean read, revocation check on",
  "api-none": "API, no token (its baseline)",
  "api-local": "API, bearer token verified (JWKS)",
  "api-introspect-none": "Introspecting API, no token",
  "api-introspect": "Introspecting API, bearer token",
  jwt: "Token (JWT)",
  database: "Server session",
};

const latency = z.object({ p50Us: z.number(), p95Us: z.number(), iterations: z.number().int() });

const runSchema = z.object({
  series: z.enum(BENCH_SERIES),
  /** What was loaded, as a path on the server that answered it. */
  route: z.string().optional(),
  rps: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  errors: z.number().int(),
  cookieBytes: z.number().int(),
  requests: z.number().int(),
  peakRssMiB: z.number(),
  /** Time under load, summed over the rounds. */
  elapsedMs: z.number(),
  /**
   * CPU milliseconds used under load, from /proc: the serving app process, PostgreSQL's processes, redis-server,
   * and for the introspecting API the provider (the site) it asks on every request.
   */
  cpuMs: z.object({ app: z.number(), postgres: z.number(), redis: z.number(), provider: z.number().optional() }).optional(),
  /** Store queries the server reported (its Server-Timing `db` entry), summed over the run's responses (older files did not count). */
  storeReads: z.number().int().min(0).optional(),
});

/** The results file that `npm run bench -- --out <file>` writes and /compare charts. */
export const benchResultsSchema = z.object({
  createdAt: z.string(),
  machine: z.object({
    cpus: z.number().int(),
    cpuModel: z.string(),
    memoryGiB: z.number(),
    node: z.string(),
    os: z.string(),
  }),
  settings: z.object({
    /** The command line that made this file. */
    command: z.string(),
    durationSeconds: z.number(),
    connections: z.number().int(),
    rounds: z.number().int(),
    extraSessions: z.number().int(),
    sessionRows: z.number().int(),
    target: z.string(),
    /** USER_HZ, the clock ticks per second in which /proc counted the CPU (when CPU was read). */
    cpuTicksPerSecond: z.number().int().optional(),
    /** AUTH_HYBRID_TOKEN_TTL of the server the hybrid series loaded, read from the token it issued (older files had no hybrid series). */
    hybridTokenTtlSeconds: z.number().int().min(1).optional(),
  }),
  runs: z.array(runSchema),
  /**
   * One unbroken hybrid load after the alternating rounds, several token lifetimes long: how often a client
   * that keeps reading looks its session up (older files had none).
   */
  hybridRefresh: z
    .object({
      seconds: z.number().min(0),
      connections: z.number().int().min(1),
      ttlSeconds: z.number().int().min(1),
      requests: z.number().int().min(0),
      storeReads: z.number().int().min(0),
    })
    .optional(),
  /** Written for people reading the file; /compare recomputes them from `runs`. */
  ratios: z.record(z.string(), z.number().nullable()).optional(),
  verification: z.object({
    /** Auth.js's decode (HKDF and A256CBC-HS512 on every call). */
    jwtDecrypt: latency,
    /** One Session lookup with its user through Prisma, as the adapter does. */
    sessionLookup: latency,
    /** The lean read's decrypt: A256GCM with a key derived once, every claim check made. */
    leanDecrypt: latency.optional(),
    /** The lean read's prepared statement: Session joined to User by the token's hash. */
    leanLookup: latency.optional(),
  }),
  /** The OpenID provider's tokens and the API's verification (older files had none). */
  oauth: z
    .object({
      /** Bytes of each token the provider issued to the bench's client (lab-cli, code + PKCE). */
      tokenBytes: z.object({
        access: z.number().int(),
        refresh: z.number().int(),
        id: z.number().int(),
        referenceAccess: z.number().int().optional(),
      }),
      /** jose's jwtVerify of one access token against the provider's keys (EdDSA), every claim check made. */
      accessTokenVerify: latency,
      /** The access token lifetime (OIDC_ACCESS_TOKEN_TTL) of the servers the API series loaded. */
      accessTokenTtlSeconds: z.number().int(),
    })
    .optional(),
  lookupScaling: z.array(
    z.object({
      sessions: z.number().int(),
      p50Us: z.number(),
      p95Us: z.number(),
      leanP50Us: z.number().optional(),
      leanP95Us: z.number().optional(),
    }),
  ),
  /** Written for people reading the file; /compare recomputes it from `runs` (lib/lab/store-projection.ts). */
  storeProjection: z
    .array(
      z.object({
        series: z.enum(BENCH_SERIES),
        store: z.enum(["postgres", "redis", "memory"]).nullable(),
        appRps: z.number(),
        appCpuMsPer1k: z.number(),
        storeCpuMsPer1k: z.number().nullable(),
        storeRpsPerCore: z.number().nullable(),
        instancesPerStoreCore: z.number().nullable(),
      }),
    )
    .optional(),
  /** Each stage of one session read, p50 and p95 over in-process reads, per mode and path. */
  readStages: z
    .array(
      z.object({
        mode: z.enum(["database", "jwt", "hybrid"]),
        path: z.enum(["authjs", "lean"]),
        iterations: z.number().int(),
        totalP50Us: z.number(),
        totalP95Us: z.number(),
        stages: z.array(z.object({ name: z.enum(READ_STAGES), label: z.string(), p50Us: z.number(), p95Us: z.number() })),
      }),
    )
    .optional(),
});

export type BenchResults = z.infer<typeof benchResultsSchema>;
export type BenchRun = BenchResults["runs"][number];

/** `value / reference` to two decimals, or null when there is no reference to divide by. */
function ratioOrNull(value: number | undefined, reference: number | undefined): number | null {
  if (value === undefined || reference === undefined || !(reference > 0)) return null;
  return Math.round((value / reference) * 100) / 100;
}

export type SeriesRatios = {
  /** Throughput as a share of its reference's (`referenceSeries`) in the same run (a reference itself: 1). */
  vsBaseline: number | null;
  /** p99 latency as a multiple of the baseline's p99 in the same run. */
  p99VsBaseline: number | null;
};

/** Each run against the baseline of the same run, and the baseline against the bare reference. */
export function benchRatios(runs: readonly BenchRun[]): {
  bySeries: Partial<Record<BenchSeries, SeriesRatios>>;
  baselineVsBare: number | null;
} {
  const find = (series: BenchSeries) => runs.find((run) => run.series === series);
  const bySeries: Partial<Record<BenchSeries, SeriesRatios>> = {};
  for (const run of runs) {
    const reference = find(referenceSeries(run.series));
    bySeries[run.series] = {
      vsBaseline: ratioOrNull(run.rps, reference?.rps),
      p99VsBaseline: ratioOrNull(run.p99, reference?.p99),
    };
  }
  return { bySeries, baselineVsBare: ratioOrNull(find("baseline")?.rps, find("bare")?.rps) };
}

/** The `ratios` block of a results file: `<series>/baseline`, `<series> p99/baseline p99` and `baseline/bare`. */
export function ratiosForFile(runs: readonly BenchRun[]): Record<string, number | null> {
  const { bySeries, baselineVsBare } = benchRatios(runs);
  const entries: [string, number | null][] = [["baseline/bare", baselineVsBare]];
  for (const run of runs) {
    const reference = referenceSeries(run.series);
    if (run.series === reference || run.series === "bare") continue;
    entries.push([`${run.series}/${reference}`, bySeries[run.series]?.vsBaseline ?? null]);
    entries.push([`${run.series} p99/${reference} p99`, bySeries[run.series]?.p99VsBaseline ?? null]);
  }
  return Object.fromEntries(entries);
}
