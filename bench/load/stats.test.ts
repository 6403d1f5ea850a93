import { describe, expect, it } from "vitest";
import { percentile, ratio, requestsPerSecond, round, summarize } from "@/bench/load/stats";

describe("percentile", () => {
  const oneToHundred = Array.from({ length: 100 }, (_, index) => index + 1);

  it("interpolates between ranks", () => {
    expect(percentile(oneToHundred, 50)).toBeCloseTo(50.5);
    expect(percentile(oneToHundred, 95)).toBeCloseTo(95.05);
    expect(percentile(oneToHundred, 99)).toBeCloseTo(99.01);
  });

  it("returns the ends for 0 and 100, and the only value of one sample", () => {
    expect(percentile(oneToHundred, 0)).toBe(1);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
  });

  it("is NaN for no samples", () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("summarize", () => {
  it("sorts before ranking and reports the mean", () => {
    const { p99, ...summary } = summarize([5, 1, 4, 2, 3]);
    expect(summary).toEqual({ count: 5, p50: 3, p95: 4.8, mean: 3 });
    expect(p99).toBeCloseTo(4.96, 5);
  });

  it("does not reorder the caller's array", () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe("throughput and ratios", () => {
  it("computes requests per second over elapsed time", () => {
    expect(requestsPerSecond(5000, 2500)).toBe(2000);
    expect(requestsPerSecond(10, 0)).toBe(0);
  });

  it("rounds ratios to two decimals and refuses a zero reference", () => {
    expect(ratio(474, 1301)).toBe(0.36);
    expect(ratio(1, 0)).toBeNaN();
    expect(round(1.23456, 3)).toBe(1.235);
  });
});
