import { describe, expect, it } from "vitest";
import { alternatingSchedule, balancedOrder, roundsFor, SERIES_PLANS } from "@/bench/load/series";

describe("balancedOrder", () => {
  it("puts every series at every position once over as many rounds as series", () => {
    for (const count of [2, 4, 6]) {
      const rows = Array.from({ length: count }, (_, round) => balancedOrder(count, round));
      for (const row of rows) expect([...row].sort()).toEqual(Array.from({ length: count }, (_, index) => index));
      for (let position = 0; position < count; position += 1) {
        expect(new Set(rows.map((row) => row[position])).size).toBe(count);
      }
    }
  });

  it("has each series follow every other exactly once over six rounds of six", () => {
    const pairs = Array.from({ length: 6 }, (_, round) => balancedOrder(6, round)).flatMap((row) =>
      row.slice(1).map((item, index) => `${String(row[index])}→${item}`),
    );
    expect(pairs).toHaveLength(30);
    expect(new Set(pairs).size).toBe(30);
  });
});

describe("alternatingSchedule", () => {
  const items = ["a", "b", "c", "d"];

  it("runs every item once per round, in numbered steps", () => {
    const schedule = alternatingSchedule(items, 3);
    expect(schedule).toHaveLength(12);
    expect(schedule.map((entry) => entry.step)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    for (let round = 1; round <= 3; round += 1) {
      expect(
        schedule
          .filter((entry) => entry.round === round)
          .map((entry) => entry.item)
          .sort(),
      ).toEqual(items);
    }
  });

  it("runs no item right after the same one twice within rounds", () => {
    const schedule = alternatingSchedule(items, 4);
    const pairs = schedule.slice(1).flatMap((entry, index) => {
      const before = schedule[index]!;
      return before.round === entry.round ? [`${before.item}→${entry.item}`] : [];
    });
    expect(pairs).toHaveLength(12);
    expect(new Set(pairs).size).toBe(12);
  });

  it("is empty for no rounds or no items", () => {
    expect(alternatingSchedule(items, 0)).toEqual([]);
    expect(alternatingSchedule([], 3)).toEqual([]);
  });
});

describe("roundsFor", () => {
  it("gives one round per series when the duration allows a second each, unless told otherwise", () => {
    expect(roundsFor(10, 6, undefined)).toEqual({ rounds: 6, seconds: 10 / 6 });
    expect(roundsFor(3, 6, undefined)).toEqual({ rounds: 3, seconds: 1 });
    expect(roundsFor(0.5, 6, undefined)).toEqual({ rounds: 1, seconds: 0.5 });
    expect(roundsFor(10, 6, 10)).toEqual({ rounds: 10, seconds: 1 });
  });
});

describe("SERIES_PLANS", () => {
  it("is an even count, so that over as many rounds every series follows every other exactly once", () => {
    const count = SERIES_PLANS.length;
    expect(count % 2).toBe(0);
    const pairs = Array.from({ length: count }, (_, round) => balancedOrder(count, round)).flatMap((row) =>
      row.slice(1).map((item, index) => `${String(row[index])}→${item}`),
    );
    expect(new Set(pairs).size).toBe(count * (count - 1));
  });

  it("loads the hybrid read on the lean route with connections that keep the token cookie, and only that series", () => {
    expect(SERIES_PLANS.filter((plan) => plan.keepsCookies)).toEqual([
      { series: "hybrid-lean", server: "site", route: "/api/lab/probe/lean", signedIn: "hybrid", keepsCookies: true },
    ]);
  });
});
