import { describe, expect, it } from "vitest";
import { benchFindings } from "@/lib/lab/bench-findings";
import type { BenchResults } from "@/lib/lab/bench-results";
import { resultsWith, runInRounds, steady } from "@/lib/lab/bench-round-fixture";

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
  elapsedMs: 60_000,
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
  settings: {
    command: "npm run bench",
    durationSeconds: 10,
    connections: 20,
    rounds: 6,
    extraSessions: 0,
    sessionRows: 3,
    target: "test",
  },
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

  it("says what each store spent per 1,000 reads and what one core of it serves, when the file measured CPU", () => {
    const withCpu = {
      ...results,
      runs: [
        ...results.runs.map((entry) =>
          entry.series === "database-lean" ? { ...entry, cpuMs: { app: 1000, postgres: 150, redis: 0 } } : entry,
        ),
        { ...run("database-redis-lean", 900), cpuMs: { app: 1000, postgres: 2, redis: 12.5 } },
        { ...run("jwt-lean-check", 400), cpuMs: { app: 1000, postgres: 200, redis: 0 } },
      ],
    };
    const findings = benchFindings(withCpu);
    expect(findings).toHaveLength(6);
    expect(findings[5]).toBe(
      "Per 1,000 lean session reads under load, PostgreSQL spent 150 CPU-ms and Redis 12.5: one core of each would serve about 6,667 and 80,000 reads a second, 8.3 and 88.9 instances like this one (a projection). A token read with the revocation check on cost PostgreSQL 200 CPU-ms per 1,000 (12.5 instances per core); without the check a token needs no store.",
    );
  });

  it("says what the hybrid read cost and how often it read the store, with the token lifetime it ran with", () => {
    const withHybrid: BenchResults = {
      ...results,
      settings: { ...results.settings, hybridTokenTtlSeconds: 5 },
      runs: [...results.runs, { ...run("hybrid-lean", 880), storeReads: 40 }],
    };
    const findings = benchFindings(withHybrid);
    expect(findings).toHaveLength(6);
    expect(findings[5]).toBe(
      "A hybrid read (a 5-second token in front of a PostgreSQL session) ran at 0.88× the baseline, beside 0.92× for a token and 0.80× for a database session, and read the store 0.040 times per request (0.33 per connection per round).",
    );
  });

  it("sets what the probe route costs apart from what each read adds over it, with intervals over rounds", () => {
    const inRounds = resultsWith(
      [
        runInRounds("baseline", steady(4, { rps: 1000, appUs: 900 })),
        runInRounds("noverify", [
          { rps: 950, appUs: 960 },
          { rps: 950, appUs: 980 },
          { rps: 950, appUs: 950 },
          { rps: 950, appUs: 970 },
        ]),
        runInRounds("jwt-lean", [
          { rps: 900, appUs: 1020 },
          { rps: 900, appUs: 960 },
          { rps: 900, appUs: 1000 },
          { rps: 900, appUs: 950 },
        ]),
        runInRounds("database-lean", steady(4, { rps: 800, appUs: 1150 })),
      ],
      { readStages: [timing("jwt", "lean", 45), timing("database", "lean", 210)] },
    );
    const finding = benchFindings(inRounds).at(-1);
    expect(finding).toMatch(
      /^The probe route alone \(a signed-in cookie parsed, no session read\) cost 65 µs \(95% interval \d+ to \d+ µs\)/,
    );
    expect(finding).toMatch(
      /the lean token read added an amount indistinguishable from none \(median \d+ µs, 95% interval -\d+ to \d+ µs\) \(45 µs in-process\)/,
    );
    expect(finding).toMatch(/the lean PostgreSQL read 185 µs \(95% interval \d+ to \d+ µs\) \(210 µs in-process\)\.$/);
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
