import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, release, totalmem, type } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { defined } from "@/lib/defined";
import { measureReadStages } from "@/lib/lab/bench/read-stage-timings";
import { sessionCookieName } from "@/lib/auth/issue/session-cookie";
import { resolveSetup, type SessionSetupValue } from "@/lib/auth/mode";
import {
  BENCH_SERIES,
  benchRatios,
  benchResultsSchema,
  ratiosForFile,
  type BenchResults,
  type BenchRun,
  type BenchSeries,
} from "@/lib/lab/bench-results";
import { startBareApp } from "@/lib/lab/bench/bare-app";
import { runLoadRound } from "@/lib/lab/bench/load-round";
import { serverTreeRssMiB } from "@/lib/lab/bench/process-memory";
import { alternatingSchedule, roundsFor, SERIES_PLANS, type BenchServer, type SeriesPlan } from "@/lib/lab/bench/series";
import { startRevocationCheckServer, type CheckServer } from "@/lib/lab/bench/check-server";
import { cpuSnapshot, treeCpuMs, type CpuMs, type ServerTree } from "@/lib/lab/bench/cpu-meter";
import { clockTicksPerSecond } from "@/lib/lab/bench/process-cpu";
import { storeProjection } from "@/lib/lab/bench/store-projection";
import { countSessions, removeSeededSessions, seedSessionsUpTo, settleSessionTable } from "@/lib/lab/bench/sessions-table";
import { sessionCookieBytes, signInOverHttp } from "@/lib/lab/bench/sign-in";
import { requestsPerSecond, round, summarize } from "@/lib/lab/bench/stats";
import { attachToServer, startOwnServer, type BenchTarget } from "@/lib/lab/bench/target";
import {
  measureJwtDecrypt,
  measureLeanDecrypt,
  measureLeanLookup,
  measureSessionLookup,
  randomSeededTokens,
} from "@/lib/lab/bench/verification-cost";

const log = (line: string) => console.log(`[bench] ${line}`);
const SCALING_POINTS = [1_000, 100_000, 1_000_000];
const BENCH_EMAIL = "bench@session-lab.invalid";
const BENCH_PASSWORD = "benchmark password 1";

const optionsSchema = z.object({
  duration: z.coerce.number().positive().max(600).default(10),
  connections: z.coerce.number().int().min(1).max(1000).default(20),
  rounds: z.coerce.number().int().min(1).max(100).optional(),
  "bare-port": z.coerce.number().int().min(1).max(65535).default(3201),
  "check-port": z.coerce.number().int().min(1).max(65535).default(3202),
  sessions: z.coerce.number().int().min(0).max(10_000_000).default(0),
  out: z.string().optional(),
  url: z.url().optional(),
  "data-dir": z.string().default(".data"),
});
type Options = z.infer<typeof optionsSchema>;

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: "string" },
      connections: { type: "string" },
      rounds: { type: "string" },
      "bare-port": { type: "string" },
      "check-port": { type: "string" },
      sessions: { type: "string" },
      out: { type: "string" },
      url: { type: "string" },
      "data-dir": { type: "string" },
    },
  });
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("; "));
  return parsed.data;
}

/** Environment for the app modules this process imports (Prisma client, password hashing). */
async function connectAppModules(target: BenchTarget, dataDir: string) {
  process.env.DATABASE_URL = target.databaseUrl;
  process.env.AUTH_SECRET ??=
    (await readFile(path.join(dataDir, "auth-secret"), "utf8").catch(() => "")).trim() || "x".repeat(44);
}

async function ensureBenchUser() {
  const [{ prisma }, { hashPassword }] = await Promise.all([import("@/lib/db/client"), import("@/lib/auth/passwords/password")]);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  await prisma().user.upsert({
    where: { email: BENCH_EMAIL },
    // Verified, as if the benchmark person had followed their sign-up link.
    create: { email: BENCH_EMAIL, name: "Benchmark", passwordHash, emailVerified: new Date() },
    update: { passwordHash, emailVerified: new Date() },
  });
}

async function measureLookupScaling(extraSessions: number) {
  const points = SCALING_POINTS.filter((size) => size <= extraSessions);
  if (extraSessions > 0 && !points.includes(extraSessions)) points.push(extraSessions);
  const scaling: BenchResults["lookupScaling"] = [];
  for (const size of points) {
    const started = performance.now();
    await seedSessionsUpTo(size, (done) =>
      log(`seeding Session rows: ${done.toLocaleString("en")} / ${extraSessions.toLocaleString("en")}`),
    );
    log(`seeded up to ${size.toLocaleString("en")} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // Freshly bulk-inserted pages make their first readers set hint bits and write: settle them, so each size is timed alike.
    await settleSessionTable();
    const tokens = randomSeededTokens(size, 500);
    const lookup = await measureSessionLookup(tokens, 2000);
    const lean = await measureLeanLookup(tokens, 2000);
    scaling.push({
      sessions: await countSessions(),
      p50Us: lookup.p50Us,
      p95Us: lookup.p95Us,
      leanP50Us: lean.p50Us,
      leanP95Us: lean.p95Us,
    });
    log(
      `lookup at ${size.toLocaleString("en")} seeded rows: Prisma p50 ${lookup.p50Us} µs, p95 ${lookup.p95Us} µs; lean p50 ${lean.p50Us} µs, p95 ${lean.p95Us} µs`,
    );
  }
  return scaling;
}

type Collected = {
  latencies: number[];
  requests: number;
  errors: number;
  elapsedMs: number;
  peakRssMiB: number;
  cpuMs: CpuMs;
};

/** Fails early, with the route's name, when a probe route is missing or does not see the session in its store. */
async function assertProbeAnswers(url: string, cookie: string, setup: SessionSetupValue) {
  const { mode, store } = resolveSetup(setup, "database");
  const response = await fetch(url, { headers: { cookie } });
  const body = (await response.json().catch(() => null)) as { ok?: boolean; mode?: string; store?: string | null } | null;
  if (!response.ok || body?.ok !== true || body.mode !== mode || body.store !== store) {
    throw new Error(`${url} did not answer signed in (${setup}) for the benchmark's cookie: HTTP ${response.status}`);
  }
}

type BenchServers = { site: BenchTarget; bare: { baseUrl: string; pid?: number }; check?: CheckServer };

/** Which processes count as each server's: the site's pid is its launcher's (start.ts, not counted); the others are the server. */
function serverTrees(servers: BenchServers): Partial<Record<BenchServer, ServerTree>> {
  const tree = (pid: number | undefined, includeRoot: boolean) => (pid === undefined ? undefined : { rootPid: pid, includeRoot });
  return { site: tree(servers.site.serverPid, false), bare: tree(servers.bare.pid, true), check: tree(servers.check?.pid, true) };
}

const CHECK_WARM_UP_SECONDS = 5;

const KEEP_WARM_EVERY_MS = 8000;

/**
 * A burst of `connections` requests every 8 s to each server's PostgreSQL-backed probe while other
 * series run. pg's pool closes connections idle for 10 s; without this, a server whose series had
 * paused would open its connections again (PostgreSQL forking and authenticating each) inside its
 * next round, and that would be charged to its reads. The bursts (under 3 req/s per server) are
 * charged to whichever series is running.
 */
function keepPoolsWarm(probes: readonly { url: string; cookie: string | undefined }[], connections: number) {
  return setInterval(() => {
    for (const probe of probes) {
      for (let index = 0; index < connections; index += 1) {
        void fetch(probe.url, { headers: probe.cookie ? { cookie: probe.cookie } : {} }).catch(() => undefined);
      }
    }
  }, KEEP_WARM_EVERY_MS);
}

/** One plan per server whose reads go to PostgreSQL: the site's database sessions, the check server's tokens. */
function postgresProbes(plans: readonly SeriesPlan[]): SeriesPlan[] {
  const byServer = new Map<BenchServer, SeriesPlan>();
  for (const plan of plans) {
    if ((plan.signedIn === "database" || plan.server === "check") && !byServer.has(plan.server)) byServer.set(plan.server, plan);
  }
  return [...byServer.values()];
}

/** The cookie of each signed-in plan, keyed by the server that issued it and the mode cookie's value. */
type SeriesCookies = Map<string, string>;
const cookieKey = (plan: SeriesPlan) => `${plan.server}:${plan.signedIn ?? ""}`;

async function runSeries(servers: BenchServers, plans: readonly SeriesPlan[], options: Options, cookies: SeriesCookies) {
  const baseUrlOf = (server: BenchServer) => defined(servers[server], `the ${server} server`).baseUrl;
  const urlOf = (plan: SeriesPlan) => new URL(plan.route, baseUrlOf(plan.server)).toString();
  const cookieOf = (plan: SeriesPlan) =>
    plan.signedIn ? defined(cookies.get(cookieKey(plan)), `a ${cookieKey(plan)} cookie`) : undefined;
  const trees = serverTrees(servers);
  const memoryOf = (plan: SeriesPlan): (() => Promise<number>) | undefined => {
    const tree = trees[plan.server];
    return tree ? () => serverTreeRssMiB(tree.rootPid, tree.includeRoot) : undefined;
  };
  // CPU is read only from servers this bench started: an attached server's processes are not known.
  const ticksPerSecond = trees.site ? clockTicksPerSecond() : undefined;
  for (const plan of plans) {
    if (plan.signedIn) await assertProbeAnswers(urlOf(plan), defined(cookieOf(plan), "a cookie"), plan.signedIn);
  }

  const { rounds, seconds } = roundsFor(options.duration, plans.length, options.rounds);
  const collected = new Map<BenchSeries, Collected>(
    plans.map((plan) => [
      plan.series,
      { latencies: [], requests: 0, errors: 0, elapsedMs: 0, peakRssMiB: 0, cpuMs: { app: 0, postgres: 0, redis: 0 } },
    ]),
  );

  // The check server is a fresh process that serves only its own series: it gets longer to warm its JIT.
  log(`warming up every route for 1 s (the revocation-check server's for ${CHECK_WARM_UP_SECONDS} s)`);
  for (const plan of plans) {
    const seconds = plan.server === "check" ? CHECK_WARM_UP_SECONDS : 1;
    await runLoadRound({ url: urlOf(plan), cookie: cookieOf(plan), connections: options.connections, seconds });
  }
  const keepAlive = keepPoolsWarm(
    postgresProbes(plans).map((plan) => ({ url: urlOf(plan), cookie: cookieOf(plan) })),
    options.connections,
  );

  // Alternate the series round by round, so that drift (heat, other work) hits them all alike.
  const schedule = alternatingSchedule(plans, rounds);
  try {
    for (const { step, round, item: plan } of schedule) {
      const into = defined(collected.get(plan.series), `the ${plan.series} series' samples`);
      const rssMiB = memoryOf(plan);
      const label = `[${step}/${schedule.length}] ${plan.series.padEnd(20)} round ${round}/${rounds}`;
      const samplePeak = async (read: () => Promise<number>) => {
        into.peakRssMiB = Math.max(into.peakRssMiB, await read());
      };
      const cpuBefore = ticksPerSecond ? await cpuSnapshot() : undefined;
      const sampler = rssMiB ? setInterval(() => void samplePeak(rssMiB), 200) : undefined;
      const result = await runLoadRound({
        url: urlOf(plan),
        cookie: cookieOf(plan),
        connections: options.connections,
        seconds,
        onTick: (sofar) => log(`${label}: ${sofar} requests so far`),
      }).finally(() => clearInterval(sampler));
      const servingTree = trees[plan.server];
      if (cpuBefore && ticksPerSecond && trees.site && servingTree) {
        const cpuAfter = await cpuSnapshot();
        // The stores are the site launcher's children, whichever server sent them the queries.
        const stores = treeCpuMs(cpuBefore, cpuAfter, trees.site, ticksPerSecond);
        into.cpuMs.app += treeCpuMs(cpuBefore, cpuAfter, servingTree, ticksPerSecond).app;
        into.cpuMs.postgres += stores.postgres;
        into.cpuMs.redis += stores.redis;
      }
      into.latencies.push(...result.latenciesMs);
      into.requests += result.requests;
      into.errors += result.errors;
      into.elapsedMs += result.elapsedMs;
      log(`${label}: ${Math.round(requestsPerSecond(result.requests, result.elapsedMs))} req/s`);
    }
  } finally {
    clearInterval(keepAlive);
  }
  const inChartOrder = [...plans].sort((a, b) => BENCH_SERIES.indexOf(a.series) - BENCH_SERIES.indexOf(b.series));
  return {
    rounds,
    ticksPerSecond,
    runs: inChartOrder.map((plan): BenchRun => {
      const data = defined(collected.get(plan.series), `the ${plan.series} series' samples`);
      const latency = summarize(data.latencies);
      const cookie = cookieOf(plan);
      const routeNote = { site: "", bare: " (bare next start)", check: " (second server, AUTH_JWT_REVOCATION_CHECK=on)" }[
        plan.server
      ];
      return {
        series: plan.series,
        route: `${plan.route}${routeNote}`,
        rps: round(requestsPerSecond(data.requests, data.elapsedMs), 1),
        p50: round(latency.p50),
        p95: round(latency.p95),
        p99: round(latency.p99),
        errors: data.errors,
        cookieBytes: cookie ? sessionCookieBytes(cookie) : 0,
        requests: data.requests,
        peakRssMiB: round(data.peakRssMiB, 1),
        elapsedMs: round(data.elapsedMs, 0),
        ...(ticksPerSecond
          ? {
              cpuMs: {
                app: round(data.cpuMs.app, 0),
                postgres: round(data.cpuMs.postgres, 0),
                redis: round(data.cpuMs.redis, 0),
              },
            }
          : {}),
      };
    }),
  };
}

function printTable(results: BenchResults) {
  const { bySeries, baselineVsBare } = benchRatios(results.runs);
  const times = (value: number | null | undefined) => (value == null ? "–" : value.toFixed(2));
  console.log("\nseries             req/s  ×base  p50 ms  p95 ms  p99 ms  p99×base  errors  cookie B  peak RSS MiB");
  for (const run of results.runs) {
    const ratios = bySeries[run.series];
    console.log(
      `${run.series.padEnd(16)} ${run.rps.toFixed(0).padStart(7)}  ${times(ratios?.vsBaseline).padStart(5)}  ${run.p50.toFixed(2).padStart(6)}  ${run.p95.toFixed(2).padStart(6)}  ${run.p99.toFixed(2).padStart(6)}  ${times(ratios?.p99VsBaseline).padStart(8)}  ${String(run.errors).padStart(6)}  ${String(run.cookieBytes).padStart(8)}  ${run.peakRssMiB.toFixed(1).padStart(12)}`,
    );
  }
  console.log(`\nbaseline / bare next start: ${times(baselineVsBare)}`);
  const { jwtDecrypt, sessionLookup } = results.verification;
  console.log(`verification alone: JWE decrypt p50 ${jwtDecrypt.p50Us} µs · Session lookup p50 ${sessionLookup.p50Us} µs`);
  const perThousand = (ms: number, requests: number) => (requests > 0 ? ((ms * 1000) / requests).toFixed(1) : "–");
  const withCpu = results.runs.filter((run) => run.cpuMs);
  if (withCpu.length > 0) {
    console.log("\nCPU-ms per 1,000 requests  app  postgres  redis");
    for (const run of withCpu) {
      const cpu = defined(run.cpuMs, "CPU");
      console.log(
        `${run.series.padEnd(24)} ${perThousand(cpu.app, run.requests).padStart(6)}  ${perThousand(cpu.postgres, run.requests).padStart(8)}  ${perThousand(cpu.redis, run.requests).padStart(5)}`,
      );
    }
  }
  const projection = results.storeProjection ?? [];
  if (projection.length > 0) {
    console.log(
      "\nprojection               store     app req/s  store CPU-ms/1k  store req/s per core  instances per store core",
    );
    const show = (value: number | null) => (value === null ? "–" : String(value));
    for (const row of projection) {
      console.log(
        `${row.series.padEnd(24)} ${(row.store ?? "none").padEnd(8)}  ${row.appRps.toFixed(0).padStart(9)}  ${show(row.storeCpuMsPer1k).padStart(15)}  ${show(row.storeRpsPerCore).padStart(20)}  ${show(row.instancesPerStoreCore).padStart(24)}`,
      );
    }
  }
}

/** The plans this run can load: the Redis series only when the site has a Redis, the check series only with its server. */
function plansFor(hasRedis: boolean, hasCheckServer: boolean): SeriesPlan[] {
  return SERIES_PLANS.filter(
    (plan) => (hasRedis || plan.signedIn !== "database:redis") && (hasCheckServer || plan.server !== "check"),
  );
}

async function main() {
  const options = parseOptions();
  const command = ["npm run bench --", ...process.argv.slice(2)].join(" ");
  const target = options.url
    ? await attachToServer(options.url, options["data-dir"])
    : await startOwnServer({ port: 3200, dbPort: 25459, dataDir: ".data/bench" });
  log(`target: ${target.baseUrl}`);
  const dataDir = options.url ? options["data-dir"] : ".data/bench";
  let bare: Awaited<ReturnType<typeof startBareApp>> | undefined;
  let check: CheckServer | undefined;
  try {
    bare = await startBareApp(options["bare-port"], log);
    log(`reference: ${bare.baseUrl} (bare next start)`);
    await connectAppModules(target, dataDir);
    const redisUrl = (await readFile(path.join(dataDir, "redis-url"), "utf8").catch(() => "")).trim() || undefined;
    if (!redisUrl) log("no Redis beside the site (no redis-url in its data folder): the Redis series is left out");
    check = await startRevocationCheckServer({
      port: options["check-port"],
      databaseUrl: target.databaseUrl,
      redisUrl,
      secret: defined(process.env.AUTH_SECRET, "AUTH_SECRET"),
    });
    log(`revocation check on: ${check.baseUrl} (the same build, AUTH_JWT_REVOCATION_CHECK=on)`);
    await ensureBenchUser();
    await removeSeededSessions();
    const lookupScaling = await measureLookupScaling(options.sessions);
    const plans = plansFor(redisUrl !== undefined, true);
    const cookies: SeriesCookies = new Map();
    const servers: BenchServers = { site: target, bare, check };
    for (const plan of plans) {
      if (!plan.signedIn || cookies.has(cookieKey(plan))) continue;
      const baseUrl = defined(servers[plan.server], `the ${plan.server} server`).baseUrl;
      cookies.set(cookieKey(plan), await signInOverHttp(baseUrl, plan.signedIn, BENCH_EMAIL, BENCH_PASSWORD));
    }
    log("measuring verification alone (in this process, 2,000 runs each)");
    const jwtDecrypt = await measureJwtDecrypt(defined(process.env.AUTH_SECRET, "AUTH_SECRET"), 2000);
    const { prisma } = await import("@/lib/db/client");
    const ownRows = await prisma().session.findMany({ where: { user: { email: BENCH_EMAIL } }, select: { sessionToken: true } });
    const sessionLookup = await measureSessionLookup(
      ownRows.map((row) => row.sessionToken),
      2000,
    );
    const ownHashes = ownRows.map((row) => row.sessionToken);
    const leanLookup = await measureLeanLookup(ownHashes, 2000);
    const { getEnv } = await import("@/lib/env");
    const env = getEnv();
    const leanDecrypt = await measureLeanDecrypt(env, sessionCookieName(env.secureCookies), 2000);
    log(
      `JWE decrypt p50: Auth.js ${jwtDecrypt.p50Us} µs, lean ${leanDecrypt.p50Us} µs; lookup p50: Prisma ${sessionLookup.p50Us} µs, lean ${leanLookup.p50Us} µs`,
    );
    if (lookupScaling.length === 0) {
      lookupScaling.push({
        sessions: await countSessions(),
        p50Us: sessionLookup.p50Us,
        p95Us: sessionLookup.p95Us,
        leanP50Us: leanLookup.p50Us,
        leanP95Us: leanLookup.p95Us,
      });
    }
    log("timing each stage of a session read, in both modes on both paths (in this process, 2,000 reads each)");
    const readStages = await measureReadStages(env, 2000);
    for (const timing of readStages) {
      log(
        `${timing.mode} ${timing.path}: p50 ${timing.totalP50Us} µs (${timing.stages.map((stage) => `${stage.name} ${stage.p50Us}`).join(", ")})`,
      );
    }

    const { rounds, runs, ticksPerSecond } = await runSeries(servers, plans, options, cookies);
    const results = benchResultsSchema.parse({
      createdAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? "unknown",
        memoryGiB: round(totalmem() / 1024 ** 3, 1),
        node: process.version,
        os: `${type()} ${release()}`,
      },
      settings: {
        command,
        durationSeconds: options.duration,
        connections: options.connections,
        rounds,
        extraSessions: options.sessions,
        sessionRows: await countSessions(),
        ...(ticksPerSecond ? { cpuTicksPerSecond: ticksPerSecond } : {}),
        target: options.url
          ? "attached production server, beside a bare next start of the same route"
          : "own production server (as npm start runs it) on the embedded PostgreSQL and a local redis-server, a second server of the same build with AUTH_JWT_REVOCATION_CHECK=on, and a bare next start of the same route",
      },
      runs,
      ratios: ratiosForFile(runs),
      storeProjection: storeProjection(runs),
      verification: { jwtDecrypt, sessionLookup, leanDecrypt, leanLookup },
      lookupScaling,
      readStages,
    } satisfies BenchResults);
    printTable(results);
    if (options.out) {
      await mkdir(path.dirname(options.out), { recursive: true });
      await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
      log(`wrote ${options.out}`);
    }
    await removeSeededSessions();
    await prisma().$disconnect();
  } finally {
    await check?.stop();
    await bare?.stop();
    await target.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
