import { describe, expect, it } from "vitest";
import type { ClusterResults, ClusterScenario } from "@/lib/lab/cluster-results";
import type { ClusterResultsState } from "@/lib/lab/committed-results";
import { scalingCells } from "@/lib/lab/scaling-cells";

const live = { instanceName: "instance-2", databaseWhere: "127.0.0.1:5432/lab", tokenKeyId: "abcdef0123456789" };

function scenario(
  routing: ClusterScenario["routing"],
  setup: ClusterScenario["setup"],
  phase: ClusterScenario["phase"],
  signedIn: number,
) {
  return {
    routing,
    setup,
    phase,
    signedInOn: "instance-1",
    requests: 200,
    signedIn,
    share: signedIn / 200,
    storeReads: 0,
    servedBy: {},
  };
}

const results: ClusterResults = {
  createdAt: "2026-11-27T03:30:00.000Z",
  command: "npm run cluster -- --check --out bench/results/cluster.json",
  machine: { cpuModel: "AMD EPYC 7B13", cpus: 2, memoryGiB: 23.5, node: "v20.20.2", os: "Linux 6.18" },
  instances: 2,
  requestsPerScenario: 200,
  scenarios: [
    scenario("round-robin", "jwt", "steady", 200),
    scenario("round-robin", "database", "steady", 200),
    scenario("round-robin", "database:redis", "steady", 200),
    scenario("round-robin", "database:memory", "steady", 101),
    scenario("sticky", "database:memory", "before-restart", 200),
    scenario("sticky", "database:memory", "after-restart", 0),
  ],
};
const ok = { status: "ok", results } as const;

describe("scalingCells", () => {
  it("shows the measured shares per store, the sticky result, and where they were measured", () => {
    const { database, jwt } = scalingCells(ok, { mode: "database", store: "postgres" }, true, live);
    expect(database.headline).toBe("Signed in, round-robin: PostgreSQL 100%, Redis 100%, memory 50.5%");
    expect(database.detail).toContain("kept a memory session at 100% until its instance restarted, then 0%");
    expect(database.detail).toContain(
      "Measured 2026-11-27 by `npm run cluster -- --check --out bench/results/cluster.json` on 2 cores (AMD EPYC 7B13), 23.5 GiB, Node v20.20.2: 2 instances, 200 requests per session.",
    );
    expect(jwt.headline).toBe("Same AUTH_SECRET everywhere: 100% signed in, round-robin");
    expect(jwt.detail).toContain("Measured 2026-11-27 on 2 cores (AMD EPYC 7B13)");
  });

  it("says what this browser's memory session means behind round-robin, with its measured share", () => {
    const { database } = scalingCells(ok, { mode: "database", store: "memory" }, true, live);
    expect(database.detail).toMatch(
      /^This browser's session lives in instance-2's memory: on 2 round-robin instances about half of its requests would come back signed out \(measured: 50\.5% signed in\)\./,
    );
  });

  it("names the shared store this browser's session is in", () => {
    expect(scalingCells(ok, { mode: "database", store: "redis" }, true, live).database.detail).toMatch(
      /^This browser's session is a key in Redis, which every instance reads: round-robin needs no sticky routing \(measured: 100% signed in\)\./,
    );
    expect(scalingCells(ok, { mode: "database", store: "postgres" }, false, live).database.detail).toMatch(
      /^A session from this browser is a row in PostgreSQL \(127\.0\.0\.1:5432\/lab\)/,
    );
    expect(scalingCells(ok, { mode: "jwt", store: null }, true, live).jwt.detail).toMatch(
      /^This browser's token opens on any instance/,
    );
  });

  it("says the check has not been run, and how to run it, when the file is missing or invalid", () => {
    const missing = scalingCells(
      { status: "missing", file: "bench/results/cluster.json" },
      { mode: "database", store: "memory" },
      true,
      live,
    );
    expect(missing.database.headline).toBe("Every instance needs the same store");
    expect(missing.database.detail).toContain(
      "bench/results/cluster.json is missing. Run `npm run cluster -- --check --out bench/results/cluster.json`.",
    );
    expect(missing.database.detail).not.toContain("measured");
    const invalid = scalingCells(
      { status: "invalid", file: "x.json", reason: "it is not valid JSON" },
      { mode: "jwt", store: null },
      true,
      live,
    );
    expect(invalid.jwt.detail).toContain("x.json is not valid (it is not valid JSON)");
  });

  it("says a scenario the file lacks was not measured instead of inventing a share", () => {
    const partial = { status: "ok", results: { ...results, scenarios: results.scenarios.slice(0, 2) } } as const;
    expect(scalingCells(partial, { mode: "jwt", store: null }, true, live).database.headline).toBe(
      "Signed in, round-robin: PostgreSQL 100%, Redis not measured, memory not measured",
    );
  });
});

describe("scalingCells, hybrid column", () => {
  it("shows the shares measured for hybrid setups when the check ran them", () => {
    const withHybrid: ClusterResultsState = {
      status: "ok",
      results: {
        ...results,
        scenarios: [
          ...results.scenarios,
          scenario("round-robin", "hybrid", "steady", 200),
          scenario("round-robin", "hybrid:memory", "steady", 90),
        ],
      },
    };
    const { hybrid } = scalingCells(withHybrid, { mode: "hybrid", store: "postgres" }, true, live);
    expect(hybrid.headline).toBe("Signed in, round-robin: PostgreSQL 100%, memory 45%");
    expect(hybrid.measured).toBe(true);
    expect(hybrid.detail).toContain(
      "This browser's session is a row in PostgreSQL, fronted by a short-lived token: any instance opens its token, and the one that refreshes it reads the shared store (measured: 100% signed in).",
    );
    expect(hybrid.detail).toContain("Measured 2026-11-27 on 2 cores");
    expect(scalingCells(withHybrid, { mode: "hybrid", store: "memory" }, true, live).hybrid.detail).toContain(
      "in instance-2's memory, fronted by a short-lived token: any instance opens its token, but a refresh on another instance finds no session and signs it out (measured: 45% signed in)",
    );
  });

  it("says hybrid was not measured, and how to measure it, when the file has no hybrid scenario", () => {
    const { hybrid, database } = scalingCells(ok, { mode: "hybrid", store: "redis" }, true, live);
    expect(hybrid.headline).toBe("Signed in, round-robin: not measured");
    expect(hybrid.measured).toBe(false);
    expect(hybrid.detail).toContain("run `npm run cluster -- --check --out bench/results/cluster.json`");
    expect(hybrid.detail).toContain("reads the shared store (not measured).");
    // A hybrid browser's own sentence does not claim the database setups' shares.
    expect(database.detail).toMatch(/^This browser's session is a key in Redis, fronted by a short-lived token/);
  });

  it("says what every instance needs when the check has not been run", () => {
    const { hybrid } = scalingCells(
      { status: "missing", file: "bench/results/cluster.json" },
      { mode: "hybrid", store: "postgres" },
      true,
      live,
    );
    expect(hybrid.headline).toBe("Every instance needs the same secret and the same store");
    expect(hybrid.detail).toContain(
      "bench/results/cluster.json is missing. Run `npm run cluster -- --check --out bench/results/cluster.json`.",
    );
  });
});
