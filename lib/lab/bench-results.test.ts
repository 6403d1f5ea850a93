import { describe, expect, it } from "vitest";
import { benchRatios, ratiosForFile, type BenchRun } from "@/lib/lab/bench-results";

const run = (series: BenchRun["series"], rps: number, p99: number): BenchRun => ({
  series,
  rps,
  p50: p99 / 3,
  p95: p99 / 1.5,
  p99,
  errors: 0,
  cookieBytes: 0,
  requests: rps * 10,
  peakRssMiB: 400,
  elapsedMs: 10_000,
});

describe("benchRatios", () => {
  const runs = [
    run("bare", 1000, 50),
    run("baseline", 930, 60),
    run("jwt-authjs", 310, 150),
    run("database-authjs", 400, 140),
    run("jwt-lean", 850, 90),
    run("database-lean", 700, 130),
  ];

  it("divides each series by the baseline of the same run, throughput and p99 alike", () => {
    const { bySeries } = benchRatios(runs);
    expect(bySeries.baseline).toEqual({ vsBaseline: 1, p99VsBaseline: 1 });
    expect(bySeries["jwt-lean"]).toEqual({ vsBaseline: 0.91, p99VsBaseline: 1.5 });
    expect(bySeries["database-lean"]).toEqual({ vsBaseline: 0.75, p99VsBaseline: 2.17 });
    expect(bySeries["jwt-authjs"]?.vsBaseline).toBe(0.33);
    expect(bySeries.bare?.vsBaseline).toBe(1.08);
  });

  it("divides the API service's series by the same API process answering without a token, never by the site's baseline", () => {
    const api = [
      run("baseline", 1000, 50),
      run("api-none", 50_000, 2),
      run("api-local", 10_000, 6),
      run("api-introspect-none", 40_000, 2),
      run("api-introspect", 800, 70),
    ];
    const { bySeries } = benchRatios(api);
    expect(bySeries["api-none"]).toEqual({ vsBaseline: 1, p99VsBaseline: 1 });
    expect(bySeries["api-local"]).toEqual({ vsBaseline: 0.2, p99VsBaseline: 3 });
    expect(bySeries["api-introspect"]).toEqual({ vsBaseline: 0.02, p99VsBaseline: 35 });
    expect(Object.keys(ratiosForFile(api))).toEqual([
      "baseline/bare",
      "api-local/api-none",
      "api-local p99/api-none p99",
      "api-introspect/api-introspect-none",
      "api-introspect p99/api-introspect-none p99",
    ]);
  });

  it("gives the baseline against the bare reference", () => {
    expect(benchRatios(runs).baselineVsBare).toBe(0.93);
  });

  it("has no ratio where a file has no baseline or no bare reference", () => {
    expect(benchRatios([run("jwt", 300, 100)]).bySeries.jwt).toEqual({ vsBaseline: null, p99VsBaseline: null });
    expect(benchRatios([run("baseline", 800, 70)]).baselineVsBare).toBeNull();
    expect(benchRatios([run("bare", 0, 70), run("baseline", 800, 70)]).baselineVsBare).toBeNull();
  });
});

describe("ratiosForFile", () => {
  it("names each ratio by what it divides", () => {
    expect(ratiosForFile([run("bare", 1000, 50), run("baseline", 900, 60), run("jwt-lean", 810, 120)])).toEqual({
      "baseline/bare": 0.9,
      "jwt-lean/baseline": 0.9,
      "jwt-lean p99/baseline p99": 2,
    });
  });
});
