import { describe, expect, it } from "vitest";
import type { ClusterResults, RevocationWindow } from "@/lib/lab/cluster-results";
import { hybridRevocationHeadline, measuredRevocation } from "@/lib/lab/revocation-cells";

const window = (setup: RevocationWindow["setup"], overrides: Partial<RevocationWindow>): RevocationWindow => ({
  setup,
  revokedThrough: "instance-1",
  ttlSeconds: null,
  signedOutAfterSeconds: 0.04,
  watchedSeconds: 20,
  requestsAfter: 40,
  signedInAfter: 0,
  ...overrides,
});

const results: ClusterResults = {
  createdAt: "2026-11-27T05:30:00.000Z",
  command: "npm run cluster -- --check --out bench/results/cluster.json",
  machine: { cpuModel: "AMD EPYC 7B13", cpus: 2, memoryGiB: 23.5, node: "v20.20.2", os: "Linux 6.18" },
  instances: 2,
  requestsPerScenario: 200,
  scenarios: [
    {
      routing: "round-robin",
      setup: "jwt",
      phase: "steady",
      signedInOn: "instance-1",
      requests: 200,
      signedIn: 200,
      share: 1,
      storeReads: 0,
      servedBy: {},
    },
  ],
  revocationWindows: [
    window("database", {}),
    window("jwt", { ttlSeconds: 3600, signedOutAfterSeconds: null, watchedSeconds: 30, requestsAfter: 60, signedInAfter: 60 }),
    window("hybrid", { ttlSeconds: 5, signedOutAfterSeconds: 4.21, requestsAfter: 50, signedInAfter: 41 }),
  ],
};

describe("measuredRevocation", () => {
  it("shows each mode's measured window: immediate, until expiry, and within the token's lifetime", () => {
    const state = { status: "ok", results } as const;
    expect(measuredRevocation(state, "database").sentence).toBe(
      "Measured through 2 instances behind the balancer on 2026-11-27, revoked through instance-1: signed out everywhere 0.04 s after the revocation; 0 of 40 requests after the revocation were still signed in.",
    );
    expect(measuredRevocation(state, "jwt").sentence).toContain(
      "still signed in when watching stopped after 30 s (token lifetime there: 3600 s); 60 of 60 requests",
    );
    const hybrid = measuredRevocation(state, "hybrid");
    expect(hybrid.sentence).toContain("signed out everywhere 4.21 s after the revocation (token lifetime there: 5 s); 41 of 50");
    expect(hybridRevocationHeadline(60, hybrid)).toBe("Signed out within 1 minute (plus clock skew); measured: 4.21 s");
  });

  it("says not measured, and the command, when the file is missing or has no window for the mode", () => {
    const missing = measuredRevocation({ status: "missing", file: "bench/results/cluster.json" }, "hybrid");
    expect(missing.measured).toBe(false);
    expect(missing.sentence).toBe(
      "Not measured: bench/results/cluster.json is missing. Run `npm run cluster -- --check --out bench/results/cluster.json`.",
    );
    expect(hybridRevocationHeadline(60, missing)).toBe("Signed out within 1 minute (plus clock skew)");
    const older = measuredRevocation({ status: "ok", results: { ...results, revocationWindows: undefined } }, "database");
    expect(older.sentence).toBe(
      "Not measured: the cluster check's results hold no revocation window for database. Run `npm run cluster -- --check --out bench/results/cluster.json`.",
    );
  });
});
