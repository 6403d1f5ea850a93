import { mkdir, writeFile } from "node:fs/promises";
import { cpus, release, totalmem, type } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { defined } from "@/lib/defined";
import { measureReadStages } from "@/lib/lab/bench/read-stage-timings";
import { sessionCookieName } from "@/lib/auth/issue/session-cookie";
import type { SessionMode } from "@/lib/auth/mode";
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
import { alternatingSchedule, roundsFor, SERIES_PLANS, type SeriesPlan } from "@/lib/lab/bench/series";
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
  const { readFile } = await import("node:fs/promises");
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

type Collected = { latencies: number[]; requests: number; errors: number; elapsedMs: number; peakRssMiB: number };

/** Fails early, with the route's name, when a probe route is missing or does not see the session. */
async function assertProbeAnswers(url: string, cookie: string, mode: SessionMode) {
  const response = await fetch(url, { headers: { cookie } });
  const body = (await response.json().catch(() => null)) as { ok?: boolean; mode?: string } | null;
  if (!response.ok || body?.ok !== true || body.mode !== mode) {
    throw new Error(`${url} did not answer signed in (${mode}) for the benchmark's cookie: HTTP ${response.status}`);
  }
}

async function runSeries(
  servers: { site: BenchTarget; bare: { baseUrl: string; pid?: number } },
  options: Options,
  cookies: Record<SessionMode, string>,
) {
  const urlOf = (plan: SeriesPlan) => new URL(plan.route, servers[plan.server].baseUrl).toString();
  const cookieOf = (plan: SeriesPlan) => (plan.signedIn ? cookies[plan.signedIn] : undefined);
  // The site's pid is its launcher's (start.ts), whose child is the server; the bare app's is next start itself.
  const memoryOf = (plan: SeriesPlan): (() => Promise<number>) | undefined => {
    const { site, bare } = servers;
    if (plan.server === "site") {
      const { serverPid } = site;
      return serverPid === undefined ? undefined : () => serverTreeRssMiB(serverPid);
    }
    const { pid } = bare;
    return pid === undefined ? undefined : () => serverTreeRssMiB(pid, true);
  };
  for (const plan of SERIES_PLANS) {
    if (plan.signedIn) await assertProbeAnswers(urlOf(plan), defined(cookieOf(plan), `a ${plan.signedIn} cookie`), plan.signedIn);
  }

  const { rounds, seconds } = roundsFor(options.duration, SERIES_PLANS.length, options.rounds);
  const collected = new Map<BenchSeries, Collected>(
    SERIES_PLANS.map((plan) => [plan.series, { latencies: [], requests: 0, errors: 0, elapsedMs: 0, peakRssMiB: 0 }]),
  );

  log("warming up every route for 1 s");
  for (const plan of SERIES_PLANS)
    await runLoadRound({ url: urlOf(plan), cookie: cookieOf(plan), connections: options.connections, seconds: 1 });

  // Alternate the series round by round, so that drift (heat, other work) hits them all alike.
  const schedule = alternatingSchedule(SERIES_PLANS, rounds);
  for (const { step, round, item: plan } of schedule) {
    const into = defined(collected.get(plan.series), `the ${plan.series} series' samples`);
    const rssMiB = memoryOf(plan);
    const label = `[${step}/${schedule.length}] ${plan.series.padEnd(15)} round ${round}/${rounds}`;
    const samplePeak = async (read: () => Promise<number>) => {
      into.peakRssMiB = Math.max(into.peakRssMiB, await read());
    };
    const sampler = rssMiB ? setInterval(() => void samplePeak(rssMiB), 200) : undefined;
    const result = await runLoadRound({
      url: urlOf(plan),
      cookie: cookieOf(plan),
      connections: options.connections,
      seconds,
      onTick: (sofar) => log(`${label}: ${sofar} requests so far`),
    }).finally(() => clearInterval(sampler));
    into.latencies.push(...result.latenciesMs);
    into.requests += result.requests;
    into.errors += result.errors;
    into.elapsedMs += result.elapsedMs;
    log(`${label}: ${Math.round(requestsPerSecond(result.requests, result.elapsedMs))} req/s`);
  }

  const inChartOrder = [...SERIES_PLANS].sort((a, b) => BENCH_SERIES.indexOf(a.series) - BENCH_SERIES.indexOf(b.series));
  return {
    rounds,
    runs: inChartOrder.map((plan): BenchRun => {
      const data = defined(collected.get(plan.series), `the ${plan.series} series' samples`);
      const latency = summarize(data.latencies);
      const cookie = cookieOf(plan);
      return {
        series: plan.series,
        route: plan.server === "bare" ? `${plan.route} (bare next start)` : plan.route,
        rps: round(requestsPerSecond(data.requests, data.elapsedMs), 1),
        p50: round(latency.p50),
        p95: round(latency.p95),
        p99: round(latency.p99),
        errors: data.errors,
        cookieBytes: cookie ? sessionCookieBytes(cookie) : 0,
        requests: data.requests,
        peakRssMiB: round(data.peakRssMiB, 1),
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
  try {
    bare = await startBareApp(options["bare-port"], log);
    log(`reference: ${bare.baseUrl} (bare next start)`);
    await connectAppModules(target, dataDir);
    await ensureBenchUser();
    await removeSeededSessions();
    const lookupScaling = await measureLookupScaling(options.sessions);
    const cookies = {
      jwt: await signInOverHttp(target.baseUrl, "jwt", BENCH_EMAIL, BENCH_PASSWORD),
      database: await signInOverHttp(target.baseUrl, "database", BENCH_EMAIL, BENCH_PASSWORD),
    };
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

    const { rounds, runs } = await runSeries({ site: target, bare }, options, cookies);
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
        target: options.url
          ? "attached production server, beside a bare next start of the same route"
          : "own production server (as npm start runs it) on the embedded PostgreSQL, beside a bare next start of the same route",
      },
      runs,
      ratios: ratiosForFile(runs),
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
