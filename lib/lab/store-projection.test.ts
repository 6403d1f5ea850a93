import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { benchResultsSchema, type BenchRun } from "@/lib/lab/bench-results";
import {
  cpuMsPerThousand,
  instancesPerStoreCore,
  requestsPerCore,
  storeCpuMs,
  storeProjection,
} from "@/lib/lab/store-projection";

const run = (series: BenchRun["series"], rps: number, requests: number, cpuMs?: BenchRun["cpuMs"]): BenchRun => ({
  series,
  rps,
  p50: 20,
  p95: 40,
  p99: 60,
  errors: 0,
  cookieBytes: 64,
  requests,
  peakRssMiB: 500,
  elapsedMs: 10_000,
  ...(cpuMs ? { cpuMs } : {}),
});

describe("the projection's arithmetic", () => {
  it("turns CPU over a series into CPU-ms per 1,000 requests", () => {
    expect(cpuMsPerThousand(1500, 10_000)).toBe(150);
    expect(cpuMsPerThousand(10, 0)).toBeNaN();
  });

  it("gives the requests one busy core serves: 1,000 / (CPU-ms per request)", () => {
    expect(requestsPerCore(150)).toBeCloseTo(6666.67, 1);
    expect(requestsPerCore(1000)).toBe(1000);
    expect(requestsPerCore(0)).toBe(Number.POSITIVE_INFINITY);
  });

  it("divides a store core's requests by one instance's", () => {
    expect(instancesPerStoreCore(6000, 500)).toBe(12);
    expect(instancesPerStoreCore(6000, 0)).toBeNaN();
  });

  it("charges a memory store the app process's CPU, where its map lives", () => {
    const cpu = { app: 900, postgres: 40, redis: 7 };
    expect(storeCpuMs("memory", cpu)).toBe(900);
    expect(storeCpuMs("postgres", cpu)).toBe(40);
    expect(storeCpuMs("redis", cpu)).toBe(7);
  });
});

describe("storeProjection", () => {
  const runs = [
    run("baseline", 1000, 10_000, { app: 9000, postgres: 0, redis: 0 }),
    run("jwt-lean", 800, 8000, { app: 8000, postgres: 8, redis: 8 }),
    run("jwt-lean-check", 400, 4000, { app: 4000, postgres: 800, redis: 0 }),
    run("database-lean", 600, 6000, { app: 6000, postgres: 900, redis: 0 }),
    run("database-redis-lean", 750, 7500, { app: 7000, postgres: 15, redis: 75 }),
    run("database-memory-lean", 700, 7000, { app: 7100, postgres: 7, redis: 7 }),
  ];

  it("projects instances per store core for each store, in chart order", () => {
    const rows = storeProjection(runs);
    expect(rows.map((row) => row.series)).toEqual([
      "jwt-lean",
      "jwt-lean-check",
      "database-lean",
      "database-redis-lean",
      "database-memory-lean",
    ]);
    const bySeries = Object.fromEntries(rows.map((row) => [row.series, row]));
    // 900 ms over 6,000 requests: 150 ms per 1,000, 6,667 per core, 11.1 instances at 600 req/s each.
    expect(bySeries["database-lean"]).toMatchObject({
      store: "postgres",
      storeCpuMsPer1k: 150,
      storeRpsPerCore: 6667,
      instancesPerStoreCore: 11.1,
    });
    expect(bySeries["jwt-lean-check"]).toMatchObject({
      store: "postgres",
      storeCpuMsPer1k: 200,
      storeRpsPerCore: 5000,
      instancesPerStoreCore: 12.5,
    });
    expect(bySeries["database-redis-lean"]).toMatchObject({
      store: "redis",
      storeCpuMsPer1k: 10,
      storeRpsPerCore: 100_000,
      instancesPerStoreCore: 133.3,
    });
  });

  it("gives a token without the check no store, and a memory store no instance count", () => {
    const bySeries = Object.fromEntries(storeProjection(runs).map((row) => [row.series, row]));
    expect(bySeries["jwt-lean"]).toMatchObject({
      store: null,
      appCpuMsPer1k: 1000,
      storeCpuMsPer1k: null,
      instancesPerStoreCore: null,
    });
    expect(bySeries["database-memory-lean"]).toMatchObject({
      store: "memory",
      storeCpuMsPer1k: 1014.3,
      storeRpsPerCore: 986,
      instancesPerStoreCore: null,
    });
  });

  it("leaves out series measured without CPU, and has no count where /proc saw no store CPU", () => {
    expect(storeProjection([run("database-lean", 600, 6000)])).toEqual([]);
    const [row] = storeProjection([run("database-lean", 600, 6000, { app: 6000, postgres: 0, redis: 0 })]);
    expect(row).toMatchObject({ storeRpsPerCore: null, instancesPerStoreCore: null });
  });
});

describe("the committed results file", () => {
  const results = benchResultsSchema.parse(JSON.parse(readFileSync("bench/results/latest.json", "utf8")));

  it("holds the store series with their CPU, and the projection its runs give", () => {
    const withCpu = results.runs.filter((candidate) => candidate.cpuMs).map((candidate) => candidate.series);
    expect(withCpu).toEqual(
      expect.arrayContaining(["database-lean", "database-redis-lean", "database-memory-lean", "jwt-lean-check"]),
    );
    expect(results.storeProjection).toEqual(storeProjection(results.runs));
  });

  it("refuses a run whose CPU lacks a role", () => {
    const broken = structuredClone(results);
    const first = broken.runs[0];
    if (!first) throw new Error("the file has no runs");
    Object.assign(first, { cpuMs: { app: 1, postgres: 1 } });
    expect(benchResultsSchema.safeParse(broken).success).toBe(false);
  });
});
