import { z } from "zod";

export const BENCH_MODES = ["baseline", "jwt", "database"] as const;
export type BenchMode = (typeof BENCH_MODES)[number];

const latency = z.object({ p50Us: z.number(), p95Us: z.number(), iterations: z.number().int() });

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
    durationSeconds: z.number(),
    connections: z.number().int(),
    rounds: z.number().int(),
    extraSessions: z.number().int(),
    sessionRows: z.number().int(),
    target: z.string(),
  }),
  runs: z.array(
    z.object({
      mode: z.enum(BENCH_MODES),
      rps: z.number(),
      p50: z.number(),
      p95: z.number(),
      p99: z.number(),
      errors: z.number().int(),
      cookieBytes: z.number().int(),
      requests: z.number().int(),
      peakRssMiB: z.number(),
    }),
  ),
  verification: z.object({ jwtDecrypt: latency, sessionLookup: latency }),
  lookupScaling: z.array(z.object({ sessions: z.number().int(), p50Us: z.number(), p95Us: z.number() })),
});

export type BenchResults = z.infer<typeof benchResultsSchema>;
export type BenchRun = BenchResults["runs"][number];
