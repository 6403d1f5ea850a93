import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { benchResultsSchema, median } from "@/lib/lab/bench-results";
import { bootstrapMedianInterval, estimateOf, formatEstimate, seededRandom, seriesEstimates } from "@/lib/lab/bench-rounds";
import { resultsWith, runInRounds, steady, withoutRounds } from "@/lib/lab/bench-round-fixture";

describe("seededRandom", () => {
  it("gives the same numbers for the same seed, in [0, 1)", () => {
    const first = Array.from({ length: 5 }, seededRandom(7));
    const again = Array.from({ length: 5 }, seededRandom(7));
    expect(again).toEqual(first);
    expect(Array.from({ length: 5 }, seededRandom(8))).not.toEqual(first);
    for (const value of Array.from({ length: 1000 }, seededRandom(1))) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});

describe("bootstrapMedianInterval", () => {
  const rounds = [0.91, 0.95, 0.88, 0.97, 0.93, 0.9];

  it("is deterministic and lies within the rounds, around their median", () => {
    const interval = bootstrapMedianInterval(rounds);
    expect(bootstrapMedianInterval(rounds)).toEqual(interval);
    expect(interval.low).toBeGreaterThanOrEqual(0.88);
    expect(interval.high).toBeLessThanOrEqual(0.97);
    expect(interval.low).toBeLessThanOrEqual(median(rounds));
    expect(interval.high).toBeGreaterThanOrEqual(median(rounds));
  });

  it("collapses to the value when every round agrees", () => {
    expect(bootstrapMedianInterval([2, 2, 2, 2])).toEqual({ low: 2, high: 2 });
  });
});

describe("estimateOf", () => {
  it("reports the median of the rounds and whether its interval holds the no-difference value", () => {
    expect(estimateOf([0.8, 0.82, 0.79, 0.81], 1, 3)).toMatchObject({ median: 0.805, rounds: 4, indistinguishable: false });
    // One round faster than the baseline, one slower: not "faster than doing nothing", indistinguishable.
    expect(estimateOf([1.04, 0.97, 1.01, 0.99], 1, 3)).toMatchObject({ median: 1, indistinguishable: true });
    expect(estimateOf([12, -3, 5, 1], 0, 1)).toMatchObject({ median: 3, indistinguishable: true });
    expect(estimateOf([40, 45, 38, 50], 0, 1)).toMatchObject({ median: 42.5, indistinguishable: false });
  });

  it("gives nothing under two rounds, and ignores rounds that could not be measured", () => {
    expect(estimateOf([0.9], 1, 2)).toBeNull();
    expect(estimateOf([0.9, Number.NaN], 1, 2)).toBeNull();
    expect(estimateOf([0.9, 0.8, Number.NaN], 1, 2)?.rounds).toBe(2);
  });

  it("is written as the median, its interval, and ≈ when indistinguishable", () => {
    expect(formatEstimate({ median: 0.9, low: 0.85, high: 0.95, rounds: 4, indistinguishable: false }, 2)).toBe(
      "0.90 [0.85, 0.95]",
    );
    expect(formatEstimate({ median: 1.01, low: 0.97, high: 1.04, rounds: 4, indistinguishable: true }, 2)).toBe(
      "1.01 [0.97, 1.04] ≈",
    );
    expect(formatEstimate(null, 2)).toBe("–");
  });
});

describe("seriesEstimates", () => {
  const drift = [1, 0.8, 1.2, 0.9];
  const results = resultsWith([
    runInRounds("baseline", steady(4, { rps: 1000, appUs: 900 }, drift)),
    runInRounds("noverify", steady(4, { rps: 950, appUs: 950 }, drift)),
    runInRounds("jwt-lean", steady(4, { rps: 900, appUs: 1040 }, drift)),
    runInRounds("database-lean", [
      { rps: 800, appUs: 1100, postgresUs: 90 },
      { rps: 640, appUs: 1120, postgresUs: 100 },
      { rps: 960, appUs: 1080, postgresUs: 95 },
      { rps: 720, appUs: 1150, postgresUs: 105 },
    ]),
    runInRounds("api-none", steady(4, { rps: 50_000, appUs: 20 })),
    runInRounds("api-local", steady(4, { rps: 10_000, appUs: 130 })),
  ]);
  const bySeries = new Map(seriesEstimates(results).map((row) => [row.series, row]));

  it("takes each ratio within a round, so the machine's drift cancels", () => {
    expect(bySeries.get("jwt-lean")?.vsBaseline).toMatchObject({ median: 0.9, low: 0.9, high: 0.9, indistinguishable: false });
    expect(bySeries.get("jwt-lean")?.vsNoVerify?.median).toBeCloseTo(900 / 950, 3);
    expect(bySeries.get("database-lean")?.vsBaseline?.median).toBe(0.8);
  });

  it("compares the API with the same API without a token", () => {
    expect(bySeries.get("api-local")?.vsBaseline?.median).toBe(0.2);
    expect(bySeries.get("api-local")?.vsNoVerify).toBeNull();
    expect(bySeries.get("api-local")?.addedAppUs?.median).toBe(110);
  });

  it("reports CPU per request and the app CPU added over the no-verification series", () => {
    const database = bySeries.get("database-lean");
    expect(database?.appUsPerRequest?.median).toBeCloseTo(1110, 0);
    expect(database?.postgresUsPerRequest?.median).toBeCloseTo(97.5, 0);
    expect(database?.addedAppUs?.median).toBeCloseTo(160, 0);
    expect(bySeries.get("jwt-lean")?.addedAppUs?.median).toBeCloseTo(90, 0);
    // The no-verification series' own cost is measured over the baseline: what the probe route adds.
    expect(bySeries.get("noverify")?.addedAppUs?.median).toBeCloseTo(50, 0);
    expect(bySeries.get("baseline")?.vsBaseline).toBeNull();
  });

  it("leaves out files without rounds, such as the committed older run", () => {
    const older = benchResultsSchema.parse(JSON.parse(readFileSync("bench/results/latest.json", "utf8")));
    expect(seriesEstimates(withoutRounds(older))).toEqual([]);
  });
});
