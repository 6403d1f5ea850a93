import { describe, expect, it } from "vitest";
import type { BenchRun } from "@/lib/lab/bench-results";
import { formatPerRequest, storeReadsOf } from "@/lib/lab/store-reads";

const run = (overrides: Partial<BenchRun>): BenchRun => ({
  series: "hybrid-lean",
  rps: 700,
  p50: 20,
  p95: 40,
  p99: 60,
  errors: 0,
  cookieBytes: 500,
  requests: 7000,
  peakRssMiB: 300,
  elapsedMs: 10_000,
  ...overrides,
});

describe("storeReadsOf", () => {
  it("divides the counted reads by the requests", () => {
    expect(storeReadsOf(run({ storeReads: 210 }))).toEqual({
      series: "hybrid-lean",
      reads: 210,
      requests: 7000,
      perRequest: 0.03,
    });
    expect(storeReadsOf(run({ series: "database-lean", storeReads: 7000 }))?.perRequest).toBe(1);
  });

  it("says nothing for a file that did not count, or a run without requests", () => {
    expect(storeReadsOf(run({}))).toBeUndefined();
    expect(storeReadsOf(run({ storeReads: 0, requests: 0 }))).toBeUndefined();
  });
});

describe("formatPerRequest", () => {
  it("keeps two significant digits below 0.1, so a small share does not round to 0", () => {
    expect(formatPerRequest(1)).toBe("1.00");
    expect(formatPerRequest(0)).toBe("0.00");
    expect(formatPerRequest(0.0345)).toBe("0.035");
    expect(formatPerRequest(0.0041)).toBe("0.0041");
  });
});
