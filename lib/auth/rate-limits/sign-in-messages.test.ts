import { describe, expect, it } from "vitest";
import { describeWait } from "@/lib/auth/rate-limits/sign-in-messages";

describe("describeWait", () => {
  it.each([
    [0.2, "1 second"],
    [1, "1 second"],
    [30, "30 seconds"],
    [60, "1 minute"],
    [61, "2 minutes"],
    [900, "15 minutes"],
    [3600, "1 hour"],
    [7201, "3 hours"],
  ])("%d s reads %j", (seconds, words) => {
    expect(describeWait(seconds)).toBe(words);
  });
});
