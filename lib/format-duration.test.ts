import { describe, expect, it } from "vitest";
import { formatDuration } from "@/lib/format-duration";

describe("formatDuration", () => {
  it.each([
    [30 * 24 * 60 * 60, "30 days"],
    [24 * 60 * 60, "1 day"],
    [3600, "1 hour"],
    [5400, "90 minutes"],
    [15 * 60, "15 minutes"],
    [60, "1 minute"],
    [90, "90 seconds"],
    [1, "1 second"],
  ])("says %i seconds as %s, in the largest unit that divides them exactly", (seconds, words) => {
    expect(formatDuration(seconds)).toBe(words);
  });
});
