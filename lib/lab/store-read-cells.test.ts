import { describe, expect, it } from "vitest";
import type { BenchResults, BenchRun } from "@/lib/lab/bench-results";
import { storeReadCells } from "@/lib/lab/store-read-cells";

const run = (series: BenchRun["series"], requests: number, storeReads?: number): BenchRun => ({
  series,
  rps: requests / 10,
  p50: 20,
  p95: 40,
  p99: 60,
  errors: 0,
  cookieBytes: 64,
  requests,
  peakRssMiB: 300,
  elapsedMs: 10_000,
  ...(storeReads === undefined ? {} : { storeReads }),
});

const results = (runs: BenchRun[], hybridTokenTtlSeconds?: number): BenchResults => ({
  createdAt: "2026-11-27T06:30:00.000Z",
  machine: { cpus: 2, cpuModel: "AMD EPYC 7B13", memoryGiB: 23.5, node: "v20.20.2", os: "Linux 6.18" },
  settings: {
    command: "npm run bench -- --duration 10 --connections 20 --rounds 10",
    durationSeconds: 10,
    connections: 20,
    rounds: 10,
    extraSessions: 0,
    sessionRows: 5,
    target: "own production server",
    ...(hybridTokenTtlSeconds === undefined ? {} : { hybridTokenTtlSeconds }),
  },
  runs,
  verification: {
    jwtDecrypt: { p50Us: 400, p95Us: 500, iterations: 2000 },
    sessionLookup: { p50Us: 800, p95Us: 900, iterations: 2000 },
  },
  lookupScaling: [],
});

describe("storeReadCells", () => {
  it("shows what each mode read from its store per request over the bench run, and the hybrid's per connection per round", () => {
    const cells = storeReadCells(
      {
        status: "ok",
        results: results(
          [
            run("database-lean", 6000, 6000),
            run("jwt-lean", 7000, 0),
            run("jwt-lean-check", 4000, 4000),
            run("hybrid-lean", 6800, 200),
          ],
          5,
        ),
      },
      60,
    );
    expect(cells.database.headline).toBe("1.00 per request");
    expect(cells.database.detail).toContain("6,000 store queries in 6,000 reads");
    expect(cells.jwt.headline).toBe("0.00 per request");
    expect(cells.jwt.detail).toContain("with the revocation check on, 1.00 per request");
    expect(cells.hybrid.headline).toBe("0.029 per request, 1.00 per connection per round");
    expect(cells.hybrid.detail).toContain("started each 1-second round without one");
    expect(cells.hybrid.detail).toContain("That run's tokens lived 5 seconds (AUTH_HYBRID_TOKEN_TTL=5)");
    expect(cells.hybrid.detail).toContain("looks the session up about once per 5 seconds. This server's tokens live 1 minute.");
    expect(cells.hybrid.measured).toBe(true);
  });

  it("gives the unbroken refresh run's reads per connection per token lifetime when the file has one", () => {
    const file = {
      ...results([run("hybrid-lean", 6800, 200)], 5),
      hybridRefresh: { seconds: 20, connections: 20, ttlSeconds: 5, requests: 14000, storeReads: 100 },
    };
    const cells = storeReadCells({ status: "ok", results: file }, 60);
    expect(cells.hybrid.headline).toBe("0.029 per request, 1.25 per connection per token lifetime");
    expect(cells.hybrid.detail).toContain(
      "one unbroken 20-second run after the rounds made 100 store reads in 14,000 requests from 20 connections",
    );
  });

  it("says not measured, and how to measure, for a file without counts or without a hybrid series", () => {
    const cells = storeReadCells({ status: "ok", results: results([run("database-lean", 6000)]) }, 60);
    expect(cells.database).toMatchObject({ headline: "not measured", measured: false });
    expect(cells.hybrid.detail).toBe(
      "The committed run has no hybrid series. Run `npm run bench -- --duration 10 --connections 20 --out bench/results/latest.json`.",
    );
    const missing = storeReadCells({ status: "missing", file: "bench/results/latest.json" }, 60);
    expect(missing.jwt.detail).toContain("bench/results/latest.json is missing.");
  });
});
