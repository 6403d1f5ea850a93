import { describe, expect, it } from "vitest";
import { describeStageBar, medianTrace, stageBar } from "@/lib/lab/read-stage-summary";

describe("stageBar", () => {
  it("orders stages as the picture shows them, drops empty ones, and splits approach from framework", () => {
    const bar = stageBar({
      mode: "jwt",
      path: "authjs",
      authMs: 1.2,
      stages: [
        { name: "config", ms: 0.1 },
        { name: "decrypt", ms: 0.6 },
        { name: "callbacks", ms: 0.05 },
        { name: "reissue", ms: 0.4 },
        { name: "other", ms: 0.0001 },
        { name: "other", ms: 0.05 },
      ],
    });
    expect(bar.segments.map((segment) => [segment.name, segment.us])).toEqual([
      ["config", 100],
      ["decrypt", 600],
      ["callbacks", 50],
      ["reissue", 400],
      ["other", 50],
    ]);
    // Auth.js re-encrypts on every read: its re-encryption is the framework's cost, not the approach's.
    expect(bar).toMatchObject({ totalUs: 1200, approachUs: 600, frameworkUs: 600 });
    expect(describeStageBar(bar)).toBe(
      "Token (JWT), Auth.js read: 1,200 µs, of which opening the token (the approach itself) took 600 µs and the framework's own work 600 µs (50%).",
    );
  });
});

describe("medianTrace", () => {
  it("picks the middle read by total time", () => {
    expect(medianTrace([{ authMs: 9 }, { authMs: 1 }, { authMs: 3 }])).toEqual({ authMs: 3 });
    expect(medianTrace<{ authMs: number }>([])).toBeUndefined();
  });
});
