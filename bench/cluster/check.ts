import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { resolveSetup, MODE_COOKIE_VALUES, SETUP_LABELS, type ModeCookieValue } from "@/lib/auth/mode";
import {
  clusterResultsSchema,
  type ClusterResults,
  type ClusterScenario,
  type RevocationWindow,
} from "@/lib/lab/cluster-results";
import { parseEnv } from "@/lib/env-schema";
import { keepingDeletedCookies } from "@/bench/harness/browser-cookie-jar";
import { otherDeviceId, revokeDevice, watchRevokedDevice } from "@/bench/cluster/revocation-window";
import { signInThroughBalancer } from "@/bench/harness/sign-in";
import { measureSignedInShare } from "@/bench/cluster/signed-in-share";
import { controlSocketPath, restartClusterInstance } from "@/lib/launch/cluster-control";
import { startClusterProcess, type ClusterProcessOptions } from "@/bench/cluster/cluster-process";
import { createClusterUser } from "@/bench/harness/create-user";
import type { ClusterRouting } from "@/lib/launch/nginx-config";
import { describeMachine } from "@/bench/harness/machine";
import { createShutdown } from "@/lib/launch/shutdown";

type ClusterCheckOptions = ClusterProcessOptions & { requests: number; out?: string };

// `npm run cluster -- --check` hands its arguments here; the same defaults as the cluster this check runs as its child.
const optionsSchema = z.object({
  instances: z.coerce.number().int().min(1).max(8).default(2),
  port: z.coerce.number().int().min(1).max(65535).default(8080),
  "first-instance-port": z.coerce.number().int().min(1).max(65000).default(3301),
  "db-port": z.coerce.number().int().min(1).max(65535).default(25469),
  "data-dir": z.string().min(1).default(".data/cluster"),
  out: z.string().min(1).optional(),
  requests: z.coerce.number().int().min(10).max(100_000).default(200),
});

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
    SETUP_LABELS[scenario.setup].padEnd(48),
    scenario.phase.padEnd(15),
    `${percent(scenario.share)} (${scenario.signedIn}/${scenario.requests})`.padEnd(18),
    served,
    `(store reads ${scenario.storeReads})`,
  ].join(" ");
}

const TABLE_HEADER = `${"routing".padEnd(12)} ${"session".padEnd(48)} ${"phase".padEnd(15)} ${"signed in".padEnd(18)} signed in / served, per instance`;

/** Polls until nginx sends this browser's requests to `instance` again (it was marked down while restarting). */
async function waitUntilServedBy(baseUrl: string, cookie: () => string, instance: string): Promise<void> {
  const deadline = Date.now() + RESTARTED_SERVES_WITHIN_MS;
  while (Date.now() < deadline) {
    const response = await fetch(new URL("/api/health", baseUrl), { headers: { cookie: cookie() } }).catch(() => undefined);
    if (response?.headers.get("x-served-by") === instance) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`nginx did not route this session to ${instance} again within ${RESTARTED_SERVES_WITHIN_MS / 1000} s`);
}

/** Signs in once in `setup` on a running cluster and measures it; sticky memory sessions are measured again after a restart. */
async function measureSetup(
  cluster: { baseUrl: string; dataDir: string },
  routing: ClusterRouting,
  setup: ModeCookieValue,
  email: string,
  requests: number,
  log: (line: string) => void,
): Promise<ClusterScenario[]> {
  const { cookie, signedInOn, jar } = await signInThroughBalancer(cluster.baseUrl, setup, email, PASSWORD);
  // A hybrid session is read as a browser holds it: with the token the last answer issued (whichever instance
  // issued it); without, it would be a database session. Deletions are not applied, so that every request asks
  // about the session itself, as the fixed cookie of the other setups does.
  const hybrid = resolveSetup(setup, "database").mode === "hybrid";
  const cookies = hybrid ? keepingDeletedCookies(jar) : cookie;
  const measure = async (phase: ClusterScenario["phase"], restarted?: string): Promise<ClusterScenario> => {
    const measured = await measureSignedInShare(cluster.baseUrl, cookies, setup, { requests });
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
  await waitUntilServedBy(cluster.baseUrl, () => (typeof cookies === "string" ? cookies : cookies.header()), signedInOn);
  return [first, await measure("after-restart", signedInOn)];
}

/** The setups whose revocation window the check measures, and the kind of device each one is on the devices page. */
const REVOCATION_SETUPS = [
  { setup: "database", kind: "session" },
  { setup: "jwt", kind: "token" },
  { setup: "hybrid", kind: "session" },
] as const;

const seconds = (value: number | null) => (value === null ? "never" : `${value.toFixed(2)} s`);

function windowRow(window: RevocationWindow): string {
  return [
    SETUP_LABELS[window.setup].padEnd(48),
    `through ${window.revokedThrough}`.padEnd(20),
    `TTL ${window.ttlSeconds === null ? "—" : `${window.ttlSeconds} s`}`.padEnd(12),
    `signed out everywhere after ${seconds(window.signedOutAfterSeconds)}`.padEnd(44),
    `watched ${window.watchedSeconds.toFixed(1)} s, ${window.signedInAfter}/${window.requestsAfter} requests still signed in`,
  ].join(" ");
}

/**
 * One revocation window: a person signs in on two devices in `setup`; the second revokes the first through the
 * app's own route (DELETE /api/devices/:kind/:id) on whichever instance nginx picks, just after the first read
 * (a hybrid device then holds a fresh token: the worst case); the revoked device then asks every instance in
 * turn until all answer signed out, or `watchForMs` passes.
 */
async function measureRevocationWindow(
  cluster: { baseUrl: string; databaseUrl: string },
  { setup, kind }: (typeof REVOCATION_SETUPS)[number],
  ttlSeconds: number | null,
  watchForMs: number,
  instances: number,
): Promise<RevocationWindow> {
  const email = `cluster-revocation-${randomUUID()}@example.com`;
  await createClusterUser(cluster.databaseUrl, email, "Cluster Revocation", PASSWORD);
  const device = await signInThroughBalancer(cluster.baseUrl, setup, email, PASSWORD);
  const revoker = await signInThroughBalancer(cluster.baseUrl, setup, email, PASSWORD);
  const id = await otherDeviceId(cluster.baseUrl, revoker.jar, kind);
  const before = await measureSignedInShare(cluster.baseUrl, device.jar, setup, { requests: instances * 2, concurrency: 1 });
  if (before.share !== 1) throw new Error(`The ${setup} device was not signed in on every instance before its revocation`);
  const { revokedThrough, revokedAt } = await revokeDevice(cluster.baseUrl, revoker.jar, kind, id);
  const watched = await watchRevokedDevice(cluster.baseUrl, device.jar, setup, {
    revokedAt,
    instances,
    watchForMs,
    everyMs: 200,
  });
  return {
    setup,
    revokedThrough,
    ttlSeconds,
    signedOutAfterSeconds: watched.signedOutAfterSeconds,
    watchedSeconds: watched.watchedSeconds,
    requestsAfter: watched.requestsAfter,
    signedInAfter: watched.signedInAfter,
  };
}

/** The revocation windows of a token, a server session and the hybrid, measured on one running (round-robin) cluster. */
async function measureRevocationWindows(
  cluster: { baseUrl: string; databaseUrl: string },
  env: NodeJS.ProcessEnv,
  instances: number,
  log: (line: string) => void,
): Promise<RevocationWindow[]> {
  // The instances' own settings (defaults included), read with the schema they use.
  const { AUTH_HYBRID_TOKEN_TTL, AUTH_JWT_MAX_AGE } = parseEnv({
    ...env,
    DATABASE_URL: cluster.databaseUrl,
    AUTH_SECRET: "-".repeat(32),
  });
  // Long enough to see the hybrid token run out twice over; a token without the check outlives any such wait.
  const watchForMs = 2 * AUTH_HYBRID_TOKEN_TTL * 1000;
  log(
    `Revocation windows: each device is revoked by another, then asks every instance until all sign it out (at most ${watchForMs / 1000} s):`,
  );
  const windows: RevocationWindow[] = [];
  for (const revocation of REVOCATION_SETUPS) {
    const ttl = { database: null, jwt: AUTH_JWT_MAX_AGE, hybrid: AUTH_HYBRID_TOKEN_TTL }[revocation.setup];
    const window = await measureRevocationWindow(cluster, revocation, ttl, watchForMs, instances);
    log(windowRow(window));
    windows.push(window);
  }
  return windows;
}

/**
 * `npm run cluster -- --check`: runs the cluster round-robin, then sticky, signs in once per session setup,
 * and measures the share of requests that come back signed in. Throws (so exits non-zero) when anything
 * could not be measured; writes the results file only from a complete run. Resolves to the exit code.
 */
async function runClusterCheck(
  options: ClusterCheckOptions,
  { log, onShutdown }: { log: (line: string) => void; onShutdown: (cleanup: () => Promise<unknown>) => void },
): Promise<number> {
  const scenarios: ClusterScenario[] = [];
  let revocationWindows: RevocationWindow[] = [];
  // The check signs in more often than a person would; the per-client password limit must not refuse it.
  // A token's revocation window is measured as jwt mode ships: without the optional revocation check.
  const env = { ...process.env, AUTH_RATE_LIMIT_PASSWORD_PER_CLIENT: "100000", AUTH_JWT_REVOCATION_CHECK: "off" };
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
      for (const setup of MODE_COOKIE_VALUES) {
        scenarios.push(...(await measureSetup(cluster, routing, setup, email, options.requests, log)));
      }
      // A revocation lives in the shared store, whatever the routing: measured once, where requests spread.
      if (routing === "round-robin") revocationWindows = await measureRevocationWindows(cluster, env, options.instances, log);
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
    revocationWindows,
  });
  log("Results:");
  log(TABLE_HEADER);
  for (const scenario of results.scenarios) log(tableRow(scenario));
  for (const window of results.revocationWindows ?? []) log(windowRow(window));
  if (options.out) {
    await mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
    await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
    log(`Wrote ${options.out}`);
  }
  return 0;
}

const log = (line: string) => console.log(`[cluster] ${line}`);
// Installed first, so an interrupt at any point stops whichever cluster is running.
const { shutdown, onShutdown } = createShutdown(log);

async function main() {
  const { values } = parseArgs({
    options: {
      instances: { type: "string" },
      port: { type: "string" },
      "first-instance-port": { type: "string" },
      "db-port": { type: "string" },
      "data-dir": { type: "string" },
      out: { type: "string" },
      requests: { type: "string" },
      check: { type: "boolean" },
    },
  });
  await shutdown(await runClusterCheck(optionsSchema.parse(values), { log, onShutdown }));
}

main().catch(async (error: unknown) => {
  console.error(`[cluster] Could not check: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
