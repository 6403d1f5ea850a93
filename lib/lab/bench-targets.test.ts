import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { benchResultsSchema, type BenchResults } from "@/lib/lab/bench-results";
import { benchTargets, describeTarget, inProcessChecks, type TargetRow } from "@/lib/lab/bench-targets";
import { resultsWith, runInRounds, steady, withoutRounds } from "@/lib/lab/bench-round-fixture";

const timing = (mode: "jwt" | "database" | "hybrid", totalP50Us: number) => ({
  mode,
  path: "lean" as const,
  iterations: 2000,
  totalP50Us,
  totalP95Us: totalP50Us * 2,
  stages: [],
});

const results: BenchResults = resultsWith(
  [
    runInRounds("bare", steady(4, { rps: 1100, appUs: 850 })),
    runInRounds("baseline", steady(4, { rps: 1000, appUs: 900, p99: 30 })),
    runInRounds("noverify", steady(4, { rps: 980, appUs: 920 })),
    // 0.90× against a target of 0.92×; 40 µs added against a limit of 2 × 50 + 20.
    runInRounds("jwt-lean", steady(4, { rps: 900, appUs: 960, p99: 40 })),
    runInRounds("hybrid-lean", steady(4, { rps: 950, appUs: 1100, p99: 70 })),
    runInRounds("database-lean", steady(4, { rps: 850, appUs: 1150, postgresUs: 130, p99: 45 })),
    runInRounds("database-redis-lean", steady(4, { rps: 900, appUs: 1000, redisUs: 25, p99: 45 })),
    runInRounds("database-memory-lean", steady(4, { rps: 960, appUs: 930, p99: 35 })),
    runInRounds("api-none", steady(4, { rps: 50_000, appUs: 20 })),
    runInRounds("api-local", steady(4, { rps: 10_000, appUs: 300 })),
  ],
  {
    readStages: [timing("jwt", 50), timing("hybrid", 45), timing("database", 200)],
    oauth: {
      tokenBytes: { access: 500, refresh: 43, id: 338 },
      accessTokenVerify: { p50Us: 120, p95Us: 180, iterations: 2000 },
      accessTokenTtlSeconds: 3600,
    },
  },
);

const rowOf = (rows: TargetRow[], series: string, measure: RegExp) => {
  const row = rows.find((candidate) => candidate.series === series && measure.test(candidate.measure));
  expect(row, `${series} ${String(measure)}`).toBeDefined();
  return row!;
};

describe("inProcessChecks", () => {
  it("sets each approach's added app CPU under load beside twice its in-process read plus 20 µs", () => {
    const checks = new Map(inProcessChecks(results).map((check) => [check.series, check]));
    expect(checks.get("jwt-lean")).toMatchObject({ inProcessUs: 50, limitUs: 120, within: true });
    expect(checks.get("jwt-lean")?.addedAppUs?.median).toBeCloseTo(40, 0);
    expect(checks.get("hybrid-lean")).toMatchObject({ inProcessUs: 45, limitUs: 110, within: false });
    expect(checks.get("database-lean")).toMatchObject({ inProcessUs: 200, limitUs: 420, within: true });
    expect(checks.get("api-local")).toMatchObject({ inProcessUs: 120, limitUs: 260, within: false });
    // A Map lookup: its limit is the slack alone. This file has no in-process Redis read, so no limit.
    expect(checks.get("database-memory-lean")).toMatchObject({ inProcessUs: null, limitUs: 20, within: true });
    expect(checks.get("database-redis-lean")).toMatchObject({ inProcessUs: null, limitUs: null, within: null });
  });

  it("takes the Redis read's in-process cost from the file when it has one", () => {
    const withRedis = {
      ...results,
      verification: { ...results.verification, redisLeanRead: { p50Us: 150, p95Us: 300, iterations: 2000 } },
    };
    const redis = inProcessChecks(withRedis).find((check) => check.series === "database-redis-lean");
    expect(redis).toMatchObject({ inProcessUs: 150, limitUs: 320, within: true });
    expect(rowOf(benchTargets(withRedis), "database-redis-lean", /^added app CPU/)).toMatchObject({ limit: 320, met: true });
  });
});

describe("benchTargets", () => {
  const rows = benchTargets(results);

  it("measures throughput against the baseline and says by how much a target is missed", () => {
    expect(rowOf(rows, "jwt-lean", /^throughput/)).toMatchObject({
      value: 0.9,
      low: 0.9,
      high: 0.9,
      limit: 0.92,
      met: false,
      missedBy: 0.02,
    });
    expect(rowOf(rows, "database-lean", /^throughput/)).toMatchObject({ value: 0.85, met: true, missedBy: null });
    expect(rowOf(rows, "api-local", /^throughput vs the same API/)).toMatchObject({ value: 0.2, limit: 0.9, met: false });
    expect(rowOf(rows, "bare", /bare next start/)).toMatchObject({ value: 1.1, limit: 0.95, met: true });
  });

  it("holds the added app CPU, the stores' CPU and p99 to their limits", () => {
    expect(rowOf(rows, "hybrid-lean", /^added app CPU/)).toMatchObject({ limit: 110, met: false, missedBy: 70 });
    expect(rowOf(rows, "database-memory-lean", /^added app CPU/)).toMatchObject({ value: 10, limit: 20, met: true });
    expect(rowOf(rows, "database-redis-lean", /^added app CPU/)).toMatchObject({ limit: null, met: null });
    expect(rowOf(rows, "database-redis-lean", /^added app CPU/).note).toMatch(/no in-process read cost/);
    expect(rowOf(rows, "database-redis-lean", /Redis CPU/)).toMatchObject({ value: 25, limit: 30, met: true });
    expect(rowOf(rows, "database-lean", /PostgreSQL CPU/)).toMatchObject({ value: 130, limit: 120, met: false, missedBy: 10 });
    expect(rowOf(rows, "hybrid-lean", /^p99/)).toMatchObject({ value: 2.333, limit: 2, met: false, missedBy: 0.333 });
    expect(rowOf(rows, "jwt-lean", /^p99/)).toMatchObject({ met: true });
  });

  it("reads an older file without rounds from its totals, with no interval and no added CPU", () => {
    const committed = benchResultsSchema.parse(JSON.parse(readFileSync("bench/results/latest.json", "utf8")));
    // As files were before rounds were kept and the no-verification series existed.
    const older = withoutRounds({ ...committed, runs: committed.runs.filter((run) => run.series !== "noverify") });
    const olderRows = benchTargets(older);
    const jwtLean = older.runs.find((run) => run.series === "jwt-lean")!;
    const baseline = older.runs.find((run) => run.series === "baseline")!;
    expect(rowOf(olderRows, "jwt-lean", /^throughput/)).toMatchObject({
      value: Math.round((jwtLean.rps / baseline.rps) * 100) / 100,
      low: null,
      high: null,
    });
    expect(rowOf(olderRows, "jwt-lean", /^added app CPU/)).toMatchObject({ value: null, met: null });
  });

  it("is written as the target, the value with its interval, and the verdict", () => {
    expect(describeTarget(rowOf(rows, "jwt-lean", /^throughput/))).toEqual({
      target: "≥ 0.92×",
      value: "0.90× [0.90×, 0.90×]",
      verdict: "missed by 0.02×",
    });
    expect(describeTarget(rowOf(rows, "database-redis-lean", /Redis CPU/)).verdict).toBe("met");
    const redisAdded = describeTarget(rowOf(rows, "database-redis-lean", /^added app CPU/));
    expect(redisAdded).toMatchObject({ target: "≤ ?", value: "80.0 µs [80.0 µs, 80.0 µs]" });
    expect(redisAdded.verdict).toMatch(/^no in-process read cost/);
  });
});
