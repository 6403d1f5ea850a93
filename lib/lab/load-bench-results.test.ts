import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBenchResults } from "@/lib/lab/committed-results";

const machine = { cpus: 2, cpuModel: "AMD EPYC", memoryGiB: 23.5, node: "v20.20.2", os: "Linux 6.18" };
const settings = { durationSeconds: 10, connections: 20, rounds: 5, extraSessions: 0, sessionRows: 2, target: "own server" };
const verification = {
  jwtDecrypt: { p50Us: 500, p95Us: 900, iterations: 2000 },
  sessionLookup: { p50Us: 800, p95Us: 1200, iterations: 2000 },
};
const run = (rps: number) => ({
  rps,
  p50: 20,
  p95: 40,
  p99: 70,
  errors: 0,
  cookieBytes: 0,
  requests: rps * 10,
  peakRssMiB: 400,
  elapsedMs: 10_000,
});

async function fileWith(name: string, content: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "bench-"));
  const file = path.join(dir, name);
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("loadBenchResults", () => {
  it("reads and validates the committed results file", async () => {
    const state = await loadBenchResults("bench/results/latest.json");
    expect(state.status).toBe("ok");
    if (state.status !== "ok") return;
    expect(state.results.runs.map((entry) => entry.series)).toContain("baseline");
  });

  it("reads a file with the bare reference, the four session series and the command", async () => {
    const series = ["bare", "baseline", "jwt-authjs", "database-authjs", "jwt-lean", "database-lean"];
    const file = await fileWith("v2.json", {
      createdAt: "2026-11-27T00:00:00.000Z",
      machine,
      settings: { ...settings, command: "npm run bench -- --duration 10 --connections 20" },
      runs: series.map((name, index) => ({ series: name, route: "/api/lab/baseline", ...run(1000 - index * 100) })),
      ratios: { "baseline/bare": 0.9 },
      verification,
      lookupScaling: [],
    });
    const state = await loadBenchResults(file);
    expect(state.status).toBe("ok");
    if (state.status !== "ok") return;
    expect(state.results.runs.map((entry) => entry.series)).toEqual(series);
    expect(state.results.settings.command).toBe("npm run bench -- --duration 10 --connections 20");
  });

  it("says the file is missing rather than failing", async () => {
    expect(await loadBenchResults("/nonexistent/latest.json")).toEqual({ status: "missing", file: "/nonexistent/latest.json" });
  });

  it("explains a file that is not valid results", async () => {
    expect(await loadBenchResults(await fileWith("bad.json", "{ nope"))).toMatchObject({
      status: "invalid",
      reason: "it is not valid JSON",
    });
    expect(await loadBenchResults(await fileWith("wrong.json", { createdAt: "x", runs: "none" }))).toMatchObject({
      status: "invalid",
    });
    const unknownSeries = await fileWith("unknown.json", {
      createdAt: "x",
      machine,
      settings,
      runs: [{ series: "redis", ...run(1) }],
      verification,
      lookupScaling: [],
    });
    expect(await loadBenchResults(unknownSeries)).toMatchObject({ status: "invalid" });
  });
});
