import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBenchResults } from "@/lib/lab/load-bench-results";

describe("loadBenchResults", () => {
  it("reads and validates the committed results file", async () => {
    const state = await loadBenchResults("bench/results/latest.json");
    expect(state.status).toBe("ok");
    if (state.status !== "ok") return;
    expect(state.results.runs.map((run) => run.mode)).toEqual(["baseline", "jwt", "database"]);
  });

  it("says the file is missing rather than failing", async () => {
    expect(await loadBenchResults("/nonexistent/latest.json")).toEqual({ status: "missing", file: "/nonexistent/latest.json" });
  });

  it("explains a file that is not valid results", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "bench-"));
    await writeFile(path.join(dir, "bad.json"), "{ nope");
    await writeFile(path.join(dir, "wrong.json"), JSON.stringify({ createdAt: "x", runs: "none" }));
    expect(await loadBenchResults(path.join(dir, "bad.json"))).toMatchObject({
      status: "invalid",
      reason: "it is not valid JSON",
    });
    expect(await loadBenchResults(path.join(dir, "wrong.json"))).toMatchObject({ status: "invalid" });
  });
});
