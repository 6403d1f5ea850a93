import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadClusterResults } from "@/lib/lab/committed-results";
import { MODE_COOKIE_VALUES } from "@/lib/auth/mode";

async function fileWith(content: unknown): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), "cluster-results-")), "cluster.json");
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("loadClusterResults", () => {
  it("reads and validates the committed results file, with every setup measured round-robin, and three revocation windows", async () => {
    const state = await loadClusterResults("bench/results/cluster.json");
    expect(state.status).toBe("ok");
    if (state.status !== "ok") return;
    const roundRobin = state.results.scenarios
      .filter((scenario) => scenario.routing === "round-robin")
      .map((scenario) => scenario.setup);
    expect(roundRobin.sort()).toEqual([...MODE_COOKIE_VALUES].sort());
    expect(state.results.revocationWindows?.map((window) => window.setup)).toEqual(["database", "jwt", "hybrid"]);
  });

  it("says the file is missing rather than failing", async () => {
    expect(await loadClusterResults("/nonexistent/cluster.json")).toEqual({
      status: "missing",
      file: "/nonexistent/cluster.json",
    });
  });

  it("explains a file that is not valid results", async () => {
    expect(await loadClusterResults(await fileWith("{ nope"))).toMatchObject({
      status: "invalid",
      reason: "it is not valid JSON",
    });
    expect(await loadClusterResults(await fileWith({ createdAt: "2026-11-27T03:00:00.000Z", scenarios: [] }))).toMatchObject({
      status: "invalid",
    });
  });

  it("refuses a share outside 0–1 and a setup the mode cookie does not know", async () => {
    const base = {
      createdAt: "2026-11-27T03:30:00.000Z",
      command: "npm run cluster -- --check",
      machine: { cpuModel: "AMD EPYC", cpus: 2, memoryGiB: 23.5, node: "v20.20.2", os: "Linux 6.18" },
      instances: 2,
      requestsPerScenario: 2,
    };
    const scenario = {
      routing: "round-robin",
      phase: "steady",
      signedInOn: "instance-1",
      requests: 2,
      signedIn: 1,
      storeReads: 2,
      servedBy: {},
    };
    const withScenario = (extra: object) => fileWith({ ...base, scenarios: [{ ...scenario, ...extra }] });
    expect(await loadClusterResults(await withScenario({ setup: "database", share: 0.5 }))).toMatchObject({ status: "ok" });
    expect(await loadClusterResults(await withScenario({ setup: "database", share: 50 }))).toMatchObject({ status: "invalid" });
    expect(await loadClusterResults(await withScenario({ setup: "database:mongo", share: 0.5 }))).toMatchObject({
      status: "invalid",
    });
  });
});
