import { describe, expect, it } from "vitest";
import { envWith } from "@/lib/testing/env-with";
import { sampleSessionReads } from "@/lib/lab/read-stage-sample";

const env = envWith({ AUTH_SECRET: "read-stage-sample-secret-long-enough-000000", AUTH_HYBRID_TOKEN_TTL: "5" });

describe("sampleSessionReads", () => {
  it("reads the sample session in each mode on each path, the hybrid on the lean path with a token and no store query", async () => {
    const sampled = await sampleSessionReads(env, 3);
    expect(sampled.map(({ mode, path }) => `${mode}/${path}`)).toEqual([
      "database/authjs",
      "database/lean",
      "jwt/authjs",
      "jwt/lean",
      "hybrid/lean",
    ]);
    const queries = (mode: string, path: string) =>
      sampled.find((read) => read.mode === mode && read.path === path)?.traces.map((trace) => trace.dbQueries);
    expect(queries("hybrid", "lean")).toEqual([0, 0, 0]);
    expect(queries("database", "lean")).toEqual([1, 1, 1]);
    expect(queries("jwt", "lean")).toEqual([0, 0, 0]);
    const hybrid = sampled.find((read) => read.mode === "hybrid");
    expect(
      hybrid?.traces.every((trace) => trace.mode === "hybrid" && trace.stages.some((stage) => stage.name === "decrypt")),
    ).toBe(true);
  });
});
