import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { SESSION_SETUP_VALUES, SETUP_LABELS, type SessionSetupValue } from "@/lib/auth/mode";
import { clusterResultsSchema, type ClusterResults, type ClusterScenario } from "@/lib/lab/cluster-results";
import { signInThroughBalancer } from "@/lib/launch/balancer-sign-in";
import { measureSignedInShare } from "@/lib/launch/balancer-probe";
import { controlSocketPath, restartClusterInstance } from "@/lib/launch/cluster-control";
import { startClusterProcess, type ClusterProcessOptions } from "@/lib/launch/cluster-process";
import { createClusterUser } from "@/lib/launch/cluster-user";
import type { ClusterRouting } from "@/lib/launch/nginx-config";
import { describeMachine } from "@/lib/launch/machine";

export type ClusterCheckOptions = ClusterProcessOptions & { requests: number; out?: string };

const PASSWORD = "cluster check password 1";
const ROUTINGS: readonly ClusterRouting[] = ["round-robin", "sticky"];
const RESTARTED_SERVES_WITHIN_MS = 30_000;

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

function tableRow(scenario: ClusterScenario): string {
  const served = Object.entries(scenario.servedBy)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, counts]) => `${name} ${counts.signedIn}/${counts.requests}`)
    .join(", ");
  return [
    scenario.routing.padEnd(12),
    SETUP_LABELS[scenario.setup].padEnd(38),
    scenario.phase.padEnd(15),
    `${percent(scenario.share)} (${scenario.signedIn}/${scenario.requests})`.padEnd(18),
    served,
  ].join(" ");
}

const TABLE_HEADER = `${"routing".padEnd(12)} ${"session".padEnd(38)} ${"phase".padEnd(15)} ${"signed in".padEnd(18)} signed in / served, per instance`;

/** Polls until nginx sends this browser's requests to `instance` again (it was marked down while restarting). */
async function waitUntilServedBy(baseUrl: string, cookie: string, instance: string): Promise<void> {
  const deadline = Date.now() + RESTARTED_SERVES_WITHIN_MS;
  while (Date.now() < deadline) {
    const response = await fetch(new URL("/api/health", baseUrl), { headers: { cookie } }).catch(() => undefined);
    if (response?.headers.get("x-served-by") === instance) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`nginx did not route this session to ${instance} again within ${RESTARTED_SERVES_WITHIN_MS / 1000} s`);
}

/** Signs in once in `setup` on a running cluster and measures it; sticky memory sessions are measured again after a restart. */
async function measureSetup(
  cluster: { baseUrl: string; dataDir: string },
  routing: ClusterRouting,
  setup: SessionSetupValue,
  email: string,
  requests: number,
  log: (line: string) => void,
): Promise<ClusterScenario[]> {
  const { cookie, signedInOn } = await signInThroughBalancer(cluster.baseUrl, setup, email, PASSWORD);
  const measure = async (phase: ClusterScenario["phase"], restarted?: string): Promise<ClusterScenario> => {
    const measured = await measureSignedInShare(cluster.baseUrl, cookie, setup, { requests });
    const scenario = { routing, setup, phase, signedInOn, ...(restarted ? { restarted } : {}), ...measured };
    log(tableRow(scenario));
    return scenario;
  };
  const first = await measure(routing === "sticky" && setup === "database:memory" ? "before-restart" : "steady");
  // No request signed in at all means the sign-in itself did not hold: that is no measurement of routing.
  if (first.signedIn === 0) throw new Error(`No request was signed in after signing in as ${setup}: not measured`);
  if (first.phase !== "before-restart") return [first];

  log(`  restarting ${signedInOn}, the instance holding this memory session…`);
  await restartClusterInstance(controlSocketPath(cluster.dataDir), signedInOn);
  await waitUntilServedBy(cluster.baseUrl, cookie, signedInOn);
  return [first, await measure("after-restart", signedInOn)];
}

/**
 * `npm run cluster -- --check`: runs the cluster round-robin, then sticky, signs in once per session setup,
 * and measures the share of requests that come back signed in. Throws (so exits non-zero) when anything
 * could not be measured; writes the results file only from a complete run. Resolves to the exit code.
 */
export async function runClusterCheck(
  options: ClusterCheckOptions,
  { log, onShutdown }: { log: (line: string) => void; onShutdown: (cleanup: () => Promise<unknown>) => void },
): Promise<number> {
  const scenarios: ClusterScenario[] = [];
  // The check signs in more often than a person would; the per-client password limit must not refuse it.
  const env = { ...process.env, AUTH_RATE_LIMIT_PASSWORD_PER_CLIENT: "100000" };
  for (const routing of ROUTINGS) {
    log(`Starting ${options.instances} instances behind nginx (${routing}) on port ${options.port}…`);
    const cluster = await startClusterProcess(options, routing, log, env);
    onShutdown(cluster.stop);
    try {
      if (!cluster.redisAvailable)
        throw new Error("Redis did not start (is redis-server installed?): the Redis store cannot be measured");
      const email = `cluster-check-${randomUUID()}@example.com`;
      await createClusterUser(cluster.databaseUrl, email, "Cluster Check", PASSWORD);
      log(`${options.requests} requests to /api/lab/probe per session, 10 at a time:`);
      log(TABLE_HEADER);
      for (const setup of SESSION_SETUP_VALUES) {
        scenarios.push(...(await measureSetup(cluster, routing, setup, email, options.requests, log)));
      }
    } finally {
      log(`Stopping the ${routing} cluster…`);
      await cluster.stop();
    }
  }

  const results: ClusterResults = clusterResultsSchema.parse({
    createdAt: new Date().toISOString(),
    command: ["npm run cluster --", ...process.argv.slice(2)].join(" "),
    machine: describeMachine(),
    instances: options.instances,
    requestsPerScenario: options.requests,
    scenarios,
  });
  log("Results:");
  log(TABLE_HEADER);
  for (const scenario of results.scenarios) log(tableRow(scenario));
  if (options.out) {
    await mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
    await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
    log(`Wrote ${options.out}`);
  }
  return 0;
}
