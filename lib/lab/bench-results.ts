import { z } from "zod";
import { defined } from "@/lib/defined";
import { READ_STAGES } from "@/lib/auth/session/read-stages";

/**
 * The series a bench run can hold, in the order they are charted. `bare` is the reference: the same
 * baseline route in a bare `next start` app. `noverify` is the probe route with a signed-in cookie, parsed
 * as the lean read parses it, and no session read: what every approach's own cost is measured against. `database-*` without a store name keep sessions in
 * PostgreSQL. `api-*` load the API service (api/) with bearer tokens, each against the same process
 * unauthenticated (`api-none`, `api-introspect-none`). `jwt` and `database` are older files' series,
 * which read the session through whatever path the server was configured with.
 */

/** The series that load the API service rather than the site. */
export const isApiSeries = (series: BenchSeries) => series.startsWith("api-");

/** The series each one is compared with: the API's against the same API process with no token, the rest against the site's baseline. */
export function referenceSeries(series: BenchSeries): BenchSeries {
  if (series === "api-local" || series === "api-none") return "api-none";
  if (series === "api-introspect" || series === "api-introspect-none") return "api-introspect-none";
  return "baseline";
}
export const BENCH_SERIES = [
  "bare",
  "baseline",
  "noverify",
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
  noverify: "No verification (cookie parsed, no session read)",
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

const cpuMsSchema = z.object({ app: z.number(), postgres: z.number(), redis: z.number(), provider: z.number().optional() });

/** One round of one series: what the run's totals sum, kept per round so ratios and CPU can be taken round by round. */
const roundSampleSchema = z.object({
  requests: z.number().int(),
  elapsedMs: z.number(),
  p99: z.number().optional(),
  cpuMs: cpuMsSchema.optional(),
});
export type RoundSample = z.infer<typeof roundSampleSchema>;

/** A median over rounds with its 95% bootstrap interval; `indistinguishable` when the interval holds the no-difference value. */
const estimateSchema = z.object({
  median: z.number(),
  low: z.number(),
  high: z.number(),
  rounds: z.number().int(),
  indistinguishable: z.boolean(),
});

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
  cpuMs: cpuMsSchema.optional(),
  /** Store queries the server reported (its Server-Timing `db` entry), summed over the run's responses (older files did not count). */
  storeReads: z.number().int().min(0).optional(),
  /** Each round's own figures, in round order (older files kept only the totals). */
  rounds: z.array(roundSampleSchema).optional(),
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
    /** Seconds of load per round and of warm-up per route before the rounds (older files: 1-s warm-ups, rounds of duration / rounds). */
    roundSeconds: z.number().optional(),
    warmUpSeconds: z.number().optional(),
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
  /**
   * Written for people reading the file; /compare recomputes them from the runs' rounds (lib/lab/bench-rounds.ts):
   * per series, medians over rounds with 95% intervals.
   */
  estimates: z
    .array(
      z.object({
        series: z.enum(BENCH_SERIES),
        /** Throughput over the baseline's (an API series: over the same API without a token) in the same round. */
        vsBaseline: estimateSchema.nullable(),
        /** Throughput over the no-verification series' in the same round. */
        vsNoVerify: estimateSchema.nullable(),
        /** p99 over its reference's p99 in the same round. */
        p99VsBaseline: estimateSchema.nullable(),
        /** CPU µs per request: the serving app, PostgreSQL, Redis. */
        appUsPerRequest: estimateSchema.nullable(),
        postgresUsPerRequest: estimateSchema.nullable(),
        redisUsPerRequest: estimateSchema.nullable(),
        /** App CPU µs per request over the no-verification series' (an API series: over the same API without a token). */
        addedAppUs: estimateSchema.nullable(),
      }),
    )
    .optional(),
  /** Written for people reading the file; /compare recomputes both from the file (lib/lab/bench-targets.ts). */
  inProcessCheck: z
    .array(
      z.object({
        series: z.enum(BENCH_SERIES),
        inProcessUs: z.number().nullable(),
        addedAppUs: estimateSchema.nullable(),
        limitUs: z.number().nullable(),
        within: z.boolean().nullable(),
      }),
    )
    .optional(),
  targets: z
    .array(
      z.object({
        series: z.enum(BENCH_SERIES),
        measure: z.string(),
        value: z.number().nullable(),
        low: z.number().nullable(),
        high: z.number().nullable(),
        comparison: z.enum(["at least", "at most"]),
        limit: z.number().nullable(),
        unit: z.enum(["×", "µs"]),
        met: z.boolean().nullable(),
        missedBy: z.number().nullable(),
        note: z.string().optional(),
      }),
    )
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
    /**
     * A whole lean read of the bench's own session in Redis, in the bench's process (its trace's time, as in
     * `readStages`): the Redis lookup and the credential epoch's PostgreSQL read (older files had none).
     */
    redisLeanRead: latency.optional(),
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

/** A round's throughput: its requests over the time they took. */
export const roundRps = (round: RoundSample) => (round.elapsedMs > 0 ? (round.requests * 1000) / round.elapsedMs : Number.NaN);

/** `pick(series' round, reference's round)` for each round both ran: within a round both ran under the same drift. */
export function pairedRounds(
  run: BenchRun,
  reference: BenchRun | undefined,
  pick: (own: RoundSample, other: RoundSample) => number,
): number[] {
  const own = run.rounds ?? [];
  const other = reference?.rounds ?? [];
  return own.slice(0, other.length).map((round, index) => pick(round, defined(other[index], `round ${index + 1}`)));
}

/** The p-th percentile (0–100) of `sorted` (ascending) by linear interpolation between ranks. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (index: number) => defined(sorted[index], `sample ${index} of ${sorted.length}`);
  if (p <= 0) return at(0);
  if (p >= 100) return at(sorted.length - 1);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const weight = rank - lower;
  return at(lower) * (1 - weight) + at(Math.min(lower + 1, sorted.length - 1)) * weight;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/**
 * The median of the per-round ratios `pick(run's round) / pick(reference's round)` to two decimals. Undefined for
 * files without rounds, which fall back to the whole run.
 */
function medianRoundRatio(
  run: BenchRun,
  reference: BenchRun | undefined,
  pick: (round: RoundSample) => number | undefined,
): number | undefined {
  const ratios = pairedRounds(run, reference, (own, other) => (pick(own) ?? Number.NaN) / (pick(other) ?? Number.NaN)).filter(
    (ratio) => Number.isFinite(ratio),
  );
  return ratios.length < 2 ? undefined : Math.round(median(ratios) * 100) / 100;
}

export type SeriesRatios = {
  /** Throughput as a share of its reference's (`referenceSeries`): the median of per-round ratios (older files: the whole run). */
  vsBaseline: number | null;
  /** p99 latency as a multiple of the reference's p99: the median of per-round ratios (older files: the whole run). */
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
      vsBaseline: (reference && medianRoundRatio(run, reference, roundRps)) ?? ratioOrNull(run.rps, reference?.rps),
      p99VsBaseline:
        (reference && medianRoundRatio(run, reference, (round) => round.p99)) ?? ratioOrNull(run.p99, reference?.p99),
    };
  }
  const baseline = find("baseline");
  const bare = find("bare");
  return {
    bySeries,
    baselineVsBare: (baseline && medianRoundRatio(baseline, bare, roundRps)) ?? ratioOrNull(baseline?.rps, bare?.rps),
  };
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
