import { describe, expect, it } from "vitest";
import { alternatingSchedule, balancedOrder, roundsFor, SERIES_PLANS } from "@/bench/load/series";

/** Every "a→b" of consecutive series within each row. */
const followings = (rows: number[][]) =>
  rows.flatMap((row) => row.slice(1).map((item, index) => `${String(row[index])}→${item}`));
const countsOf = (values: string[]) => {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
};

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
    const pairs = followings(Array.from({ length: 6 }, (_, round) => balancedOrder(6, round)));
    expect(pairs).toHaveLength(30);
    expect(new Set(pairs).size).toBe(30);
  });
});

describe("balancedOrder with an odd count", () => {
  for (const count of [3, 5, 15]) {
    it(`pairs each row with its reverse, so that over ${2 * count} rounds of ${count} every series follows every other exactly twice and sits at every position twice`, () => {
      const rows = Array.from({ length: 2 * count }, (_, round) => balancedOrder(count, round));
      for (const row of rows) expect([...row].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, index) => index));
      expect(rows[1]).toEqual([...rows[0]!].reverse());
      const pairs = countsOf(followings(rows));
      expect(pairs.size).toBe(count * (count - 1));
      expect(new Set(pairs.values())).toEqual(new Set([2]));
      for (let position = 0; position < count; position += 1) {
        const atPosition = countsOf(rows.map((row) => String(row[position])));
        expect(atPosition.size).toBe(count);
        expect(new Set(atPosition.values())).toEqual(new Set([2]));
      }
    });
  }
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
  it("splits the duration into rounds of at least 3 s: as many as asked if they fit, else as many as do", () => {
    expect(roundsFor(12, 4)).toEqual({ rounds: 4, seconds: 3 });
    expect(roundsFor(30, undefined)).toEqual({ rounds: 10, seconds: 3 });
    expect(roundsFor(10, undefined)).toEqual({ rounds: 3, seconds: 10 / 3 });
    expect(roundsFor(10, 10)).toEqual({ rounds: 3, seconds: 10 / 3 });
    expect(roundsFor(40, 5)).toEqual({ rounds: 5, seconds: 8 });
  });

  it("gives one round of 3 s when the duration is shorter", () => {
    expect(roundsFor(2, undefined)).toEqual({ rounds: 1, seconds: 3 });
    expect(roundsFor(0.5, 4)).toEqual({ rounds: 1, seconds: 3 });
  });
});

describe("SERIES_PLANS", () => {
  it("over twice as many rounds as series, has every series follow every other equally often", () => {
    const count = SERIES_PLANS.length;
    const rows = Array.from({ length: 2 * count }, (_, round) => balancedOrder(count, round));
    const pairs = countsOf(followings(rows));
    expect(pairs.size).toBe(count * (count - 1));
    expect(new Set(pairs.values()).size).toBe(1);
  });

  it("loads the no-verification route with the token series' cookie, on the site that serves the lean probe", () => {
    const noVerify = SERIES_PLANS.find((plan) => plan.series === "noverify");
    const jwtLean = SERIES_PLANS.find((plan) => plan.series === "jwt-lean");
    expect(noVerify).toEqual({ series: "noverify", server: "site", route: "/api/lab/probe/noverify", signedIn: "jwt" });
    expect(jwtLean?.server).toBe(noVerify?.server);
    expect(jwtLean?.signedIn).toBe(noVerify?.signedIn);
  });

  it("loads the hybrid read on the lean route with connections that keep the token cookie, and only that series", () => {
    expect(SERIES_PLANS.filter((plan) => plan.keepsCookies)).toEqual([
      { series: "hybrid-lean", server: "site", route: "/api/lab/probe/lean", signedIn: "hybrid", keepsCookies: true },
    ]);
  });
});
