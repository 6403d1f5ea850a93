import { describe, expect, it } from "vitest";
import { compactNumber, linearTicks, logTicks, niceCeiling, scaleLinear, scaleLog } from "@/lib/lab/chart-scale";

describe("chart scales", () => {
  it("rounds axis maxima up to readable values", () => {
    expect(niceCeiling(1301)).toBe(2000);
    expect(niceCeiling(474)).toBe(500);
    expect(niceCeiling(2.1)).toBe(2.5);
    expect(niceCeiling(100)).toBe(100);
    expect(niceCeiling(0)).toBe(1);
  });

  it("spaces linear ticks evenly from zero", () => {
    expect(linearTicks(2000, 4)).toEqual([0, 500, 1000, 1500, 2000]);
  });

  it("scales linearly and clamps negatives", () => {
    expect(scaleLinear(500, 2000, 400)).toBe(100);
    expect(scaleLinear(-5, 2000, 400)).toBe(0);
  });

  it("places powers of ten evenly on a log axis", () => {
    expect(scaleLog(1_000, 1_000, 1_000_000, 300)).toBe(0);
    expect(scaleLog(100_000, 1_000, 1_000_000, 300)).toBeCloseTo(200);
    expect(scaleLog(1_000_000, 1_000, 1_000_000, 300)).toBe(300);
    expect(logTicks(1_000, 1_000_000)).toEqual([1_000, 10_000, 100_000, 1_000_000]);
  });

  it("labels counts compactly", () => {
    expect(compactNumber(1_000)).toBe("1K");
    expect(compactNumber(1_000_000)).toBe("1M");
  });
});
