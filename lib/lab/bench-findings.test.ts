import { describe, expect, it } from "vitest";
import { benchFindings } from "@/lib/lab/bench-findings";
import type { BenchResults } from "@/lib/lab/bench-results";

const latency = (p50Us: number) => ({ p50Us, p95Us: p50Us * 2, iterations: 2000 });
const run = (series: BenchResults["runs"][number]["series"], rps: number) => ({
  series,
  rps,
  p50: 1,
  p95: 2,
  p99: 3,
  errors: 0,
  cookieBytes: 0,
  requests: 1000,
  peakRssMiB: 100,
});
const timing = (mode: "jwt" | "database", path: "authjs" | "lean", totalP50Us: number) => ({
  mode,
  path,
  iterations: 2000,
  totalP50Us,
  totalP95Us: totalP50Us * 2,
  stages: [],
});

const results: BenchResults = {
  createdAt: "2026-11-27T00:00:00.000Z",
  machine: { cpus: 2, cpuModel: "Test CPU", memoryGiB: 24, node: "v20", os: "Linux" },
  settings: { durationSeconds: 10, connections: 20, rounds: 6, extraSessions: 0, sessionRows: 3, target: "test" },
  runs: [
    run("baseline", 1000),
    run("jwt-authjs", 300),
    run("jwt-lean", 920),
    run("database-authjs", 400),
    run("database-lean", 800),
  ],
  verification: { jwtDecrypt: latency(600), sessionLookup: latency(900), leanDecrypt: latency(14), leanLookup: latency(180) },
  lookupScaling: [],
  readStages: [
    timing("jwt", "authjs", 2100),
    timing("jwt", "lean", 95),
    timing("database", "authjs", 2600),
    timing("database", "lean", 400),
  ],
};

describe("benchFindings", () => {
  it("says what each approach costs and what the framework adds, with the file's numbers", () => {
    const findings = benchFindings(results);
    expect(findings).toHaveLength(5);
    expect(findings[0]).toContain("14 µs at p50 with a key derived once");
    expect(findings[0]).toContain("Auth.js's decode took 600 µs");
    expect(findings[1]).toContain("2,100 µs at p50 through Auth.js");
    expect(findings[2]).toContain("180 µs at p50 for the prepared statement, 900 µs through Prisma");
    expect(findings[4]).toBe(
      "Under load, against the unauthenticated baseline: tokens 0.30× through Auth.js and 0.92× lean; database sessions 0.40× through Auth.js and 0.80× lean.",
    );
  });

  it("leaves out what an older file cannot say", () => {
    const older = {
      ...results,
      runs: [run("baseline", 1000), run("jwt", 300)],
      readStages: undefined,
      verification: { jwtDecrypt: latency(600), sessionLookup: latency(900) },
    };
    expect(benchFindings(older)).toEqual([]);
  });
});
