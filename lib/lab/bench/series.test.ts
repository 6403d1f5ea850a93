import { describe, expect, it } from "vitest";
import { alternatingSchedule, roundsFor } from "@/lib/lab/bench/series";

describe("alternatingSchedule", () => {
  const items = ["a", "b", "c"];

  it("runs every item once per round, in numbered steps", () => {
    const schedule = alternatingSchedule(items, 4);
    expect(schedule).toHaveLength(12);
    expect(schedule.map((entry) => entry.step)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    for (let round = 1; round <= 4; round += 1) {
      expect(
        schedule
          .filter((entry) => entry.round === round)
          .map((entry) => entry.item)
          .sort(),
      ).toEqual(items);
    }
  });

  it("starts each round one place further, so no item always follows the same one", () => {
    const order = alternatingSchedule(items, 3)
      .map((entry) => entry.item)
      .join("");
    expect(order).toBe("abcbcacab");
    const firstOfRound = alternatingSchedule(items, 3)
      .filter((_, index) => index % 3 === 0)
      .map((entry) => entry.item);
    expect(firstOfRound).toEqual(["a", "b", "c"]);
  });

  it("is empty for no rounds or no items", () => {
    expect(alternatingSchedule(items, 0)).toEqual([]);
    expect(alternatingSchedule([], 3)).toEqual([]);
  });
});

describe("roundsFor", () => {
  it("splits the duration over up to five rounds unless told otherwise", () => {
    expect(roundsFor(10, undefined)).toEqual({ rounds: 5, seconds: 2 });
    expect(roundsFor(3, undefined)).toEqual({ rounds: 3, seconds: 1 });
    expect(roundsFor(0.5, undefined)).toEqual({ rounds: 1, seconds: 0.5 });
    expect(roundsFor(10, 10)).toEqual({ rounds: 10, seconds: 1 });
  });
});
