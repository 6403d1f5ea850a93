import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, release, totalmem, type } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { defined } from "@/lib/defined";
import { measureReadStages } from "@/bench/load/read-stage-timings";
import { sessionCookieName, HYBRID_TOKEN_COOKIE } from "@/lib/auth/cookies";
import { benchResultsSchema, ratiosForFile, type BenchResults } from "@/lib/lab/bench-results";
import { seriesEstimates } from "@/lib/lab/bench-rounds";
import { benchTargets, inProcessChecks } from "@/lib/lab/bench-targets";
import { startBareApp } from "@/bench/load/bare-app";
import { SERIES_PLANS, type SeriesPlan } from "@/bench/load/series";
import { cookieKey, runSeries, type BenchServers, type SeriesBearers, type SeriesCookies } from "@/bench/load/run-series";
import { authorizeOverHttp } from "@/bench/harness/oauth";
import { spawnApiService, stopProcess, waitForHealthy } from "@/lib/launch/next-server";
import { ensureApiClientKey } from "@/lib/launch/api-client-key";
import { printMarkdown, printTable } from "@/bench/load/print-results";
import { startRevocationCheckServer, type CheckServer } from "@/bench/load/check-server";
import { storeProjection } from "@/lib/lab/store-projection";
import { countSessions, removeSeededSessions, seedSessionsUpTo, settleSessionTable } from "@/bench/load/sessions-table";
import { signInOverHttp } from "@/bench/harness/sign-in";
import { redisSessionConnection } from "@/lib/db/redis-client";
import { cookieLifetimeSeconds } from "@/bench/load/response-headers";
import { round } from "@/bench/load/stats";
import { runLoadRound } from "@/bench/load/load-round";
import { attachToServer, startOwnServer, type BenchTarget } from "@/bench/load/target";
import {
  measureJwtDecrypt,
  measureLeanDecrypt,
  measureLeanLookup,
  measureSessionLookup,
  measureAccessTokenVerify,
  measureWholeLeanRead,
  randomSeededTokens,
} from "@/bench/load/verification-cost";

const log = (line: string) => console.log(`[bench] ${line}`);
const SCALING_POINTS = [1_000, 100_000, 1_000_000];
const BENCH_EMAIL = "bench@session-lab.invalid";
const BENCH_PASSWORD = "benchmark password 1";
const BENCH_ACCESS_TOKEN_TTL_SECONDS = 3600;

const optionsSchema = z.object({
  duration: z.coerce.number().positive().max(600).default(10),
  connections: z.coerce.number().int().min(1).max(1000).default(20),
  rounds: z.coerce.number().int().min(1).max(100).optional(),
  "bare-port": z.coerce.number().int().min(1).max(65535).default(3201),
  "check-port": z.coerce.number().int().min(1).max(65535).default(3202),
  sessions: z.coerce.number().int().min(0).max(10_000_000).default(0),
  out: z.string().optional(),
  /** Print the tables of an existing results file, and run nothing. */
  print: z.string().optional(),
  /** With --print: the tables as Markdown, for the docs. */
  markdown: z.boolean().default(false),
  url: z.url().optional(),
  "data-dir": z.string().default(".data"),
  /** AUTH_HYBRID_TOKEN_TTL for the site this bench starts: short, so the hybrid series refreshes inside a short run. */
  "hybrid-ttl": z.coerce.number().int().min(5).max(3600).default(5),
  /** The API services the API series load (only when the bench starts its own site). */
  "api-port": z.coerce.number().int().min(1).max(65535).default(3204),
  "api-introspect-port": z.coerce.number().int().min(1).max(65535).default(3205),
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
      print: { type: "string" },
      markdown: { type: "boolean" },
      url: { type: "string" },
      "data-dir": { type: "string" },
      "hybrid-ttl": { type: "string" },
      "api-port": { type: "string" },
      "api-introspect-port": { type: "string" },
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

// Four lifetimes: enough refreshes per connection that the first lookup does not dominate.
const REFRESH_RUN_LIFETIMES = 4;

/**
 * One unbroken hybrid load, several token lifetimes long, with connections that keep and drop the token
 * cookie as browsers do: the store reads per connection per lifetime a client that keeps reading costs.
 */
async function measureHybridRefresh(
  url: string,
  cookie: string,
  ttlSeconds: number,
  connections: number,
  log: (line: string) => void,
) {
  const seconds = REFRESH_RUN_LIFETIMES * ttlSeconds;
  log(`hybrid refresh: one unbroken ${seconds}-s round (${REFRESH_RUN_LIFETIMES} token lifetimes), ${connections} connections`);
  const result = await runLoadRound({ url, cookie, connections, seconds, keepCookies: true });
  const perLifetime = result.storeReads / (connections * (result.elapsedMs / 1000 / ttlSeconds));
  log(
    `hybrid refresh: ${result.storeReads} store reads in ${result.requests} requests, ${perLifetime.toFixed(2)} per connection per lifetime`,
  );
  return {
    seconds: round(result.elapsedMs / 1000, 1),
    connections,
    ttlSeconds,
    requests: result.requests,
    storeReads: result.storeReads,
  };
}

/** The lifetime of the hybrid token the site issues to a session cookie without one: its Set-Cookie's expiry less its Date. */
async function hybridTokenLifetime(url: string, cookie: string): Promise<number> {
  const response = await fetch(url, { headers: { cookie } });
  const seconds = cookieLifetimeSeconds(response.headers.getSetCookie(), HYBRID_TOKEN_COOKIE, response.headers.get("date"));
  if (seconds === undefined || !(seconds > 0)) throw new Error(`${url} issued no hybrid token (HTTP ${response.status})`);
  return seconds;
}

/** The plans this run can load: the Redis series only when the site has a Redis, each other series only with its server. */
function plansFor(hasRedis: boolean, servers: BenchServers): SeriesPlan[] {
  return SERIES_PLANS.filter((plan) => (hasRedis || plan.signedIn !== "database:redis") && servers[plan.server] !== undefined);
}

/** An API service process for the bench's API series, trusting the provider at `siteUrl` for `resource`, checking tokens `check`. */
async function startBenchApi(options: {
  port: number;
  siteUrl: string;
  resource: string;
  check: "local" | "introspect";
  clientKeyFile: string;
}) {
  const { port } = options;
  const child = spawnApiService({
    port,
    hostname: "127.0.0.1",
    siteEnv: {
      NODE_ENV: "production",
      AUTH_URL: options.siteUrl,
      OIDC_API_RESOURCE: options.resource,
      API_TOKEN_CHECK: options.check,
    },
    clientKeyFile: options.clientKeyFile,
    label: options.check === "local" ? "api" : "api-introspect",
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealthy(`${baseUrl}/health`, child, 30_000).catch(async (error: unknown) => {
    await stopProcess(child);
    throw error;
  });
  return { baseUrl, pid: child.pid, stop: () => stopProcess(child) };
}

/** The tables of a results file already written: `npm run bench -- --print FILE`. */
async function printFile(file: string, markdown: boolean) {
  const parsed = benchResultsSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is not a results file: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  if (markdown) printMarkdown(parsed.data);
  else printTable(parsed.data);
}

async function main() {
  const options = parseOptions();
  if (options.print) return printFile(options.print, options.markdown);
  const command = ["npm run bench --", ...process.argv.slice(2)].join(" ");
  // The site this bench starts inherits its environment; an attached server keeps its own (the file records what it used).
  if (!options.url) {
    process.env.AUTH_HYBRID_TOKEN_TTL = String(options["hybrid-ttl"]);
    // Access tokens that outlive the run: an API series measures verification, not 401s after five minutes.
    process.env.OIDC_ACCESS_TOKEN_TTL = String(BENCH_ACCESS_TOKEN_TTL_SECONDS);
    process.env.OIDC_API_RESOURCE = `http://localhost:${options["api-port"]}`;
  }
  const target = options.url
    ? await attachToServer(options.url, options["data-dir"])
    : await startOwnServer({ port: 3200, dbPort: 25459, dataDir: ".data/bench" });
  log(`target: ${target.baseUrl}`);
  const dataDir = options.url ? options["data-dir"] : ".data/bench";
  let bare: Awaited<ReturnType<typeof startBareApp>> | undefined;
  let check: CheckServer | undefined;
  let api: Awaited<ReturnType<typeof startBenchApi>> | undefined;
  let apiIntrospect: Awaited<ReturnType<typeof startBenchApi>> | undefined;
  try {
    bare = await startBareApp(options["bare-port"], log);
    log(`reference: ${bare.baseUrl} (bare next start)`);
    await connectAppModules(target, dataDir);
    const redisUrl = (await readFile(path.join(dataDir, "redis-url"), "utf8").catch(() => "")).trim() || undefined;
    if (!redisUrl) log("no Redis beside the site (no redis-url in its data folder): the Redis series is left out");
    // This process reads a Redis session in-process too (verification.redisLeanRead): the site's Redis, before any setting is read.
    if (redisUrl) process.env.REDIS_URL ??= redisUrl;
    const apiKey = await ensureApiClientKey(dataDir, log);
    const introspectedResource = `http://localhost:${options["api-introspect-port"]}`;
    check = await startRevocationCheckServer({
      port: options["check-port"],
      databaseUrl: target.databaseUrl,
      redisUrl,
      secret: defined(process.env.AUTH_SECRET, "AUTH_SECRET"),
      dataDir,
      // Its provider also serves the introspecting API, which needs reference tokens and knows the API's key.
      env: {
        API_TOKEN_CHECK: "introspect",
        OIDC_API_RESOURCE: introspectedResource,
        OIDC_API_CLIENT_JWKS_FILE: apiKey.publicJwksFile,
      },
    });
    log(`revocation check on: ${check.baseUrl} (the same build, AUTH_JWT_REVOCATION_CHECK=on)`);
    await ensureBenchUser();
    await removeSeededSessions();
    const lookupScaling = await measureLookupScaling(options.sessions);
    const servers: BenchServers = { site: target, bare, check };
    const bearers: SeriesBearers = {};
    let oauth: BenchResults["oauth"];
    if (!options.url) {
      const siteUrl = `http://localhost:${new URL(target.baseUrl).port}`;
      const checkUrl = `http://localhost:${options["check-port"]}`;
      const resource = defined(process.env.OIDC_API_RESOURCE, "OIDC_API_RESOURCE");
      api = await startBenchApi({
        port: options["api-port"],
        siteUrl,
        resource,
        check: "local",
        clientKeyFile: apiKey.privateKeyFile,
      });
      servers.api = api;
      apiIntrospect = await startBenchApi({
        port: options["api-introspect-port"],
        siteUrl: checkUrl,
        resource: introspectedResource,
        check: "introspect",
        clientKeyFile: apiKey.privateKeyFile,
      });
      servers["api-introspect"] = apiIntrospect;
      const tokens = await authorizeOverHttp(siteUrl, await signInOverHttp(siteUrl, "database", BENCH_EMAIL, BENCH_PASSWORD));
      const reference = await authorizeOverHttp(
        checkUrl,
        await signInOverHttp(checkUrl, "database", BENCH_EMAIL, BENCH_PASSWORD),
      );
      bearers.site = tokens.access_token;
      bearers.check = reference.access_token;
      const accessTokenVerify = await measureAccessTokenVerify(
        { issuer: `${siteUrl}/oidc`, audience: resource, token: tokens.access_token },
        2000,
      );
      log(`API access token: ${tokens.access_token.length} bytes; verified in-process in ${accessTokenVerify.p50Us} µs (p50)`);
      oauth = {
        tokenBytes: {
          access: tokens.access_token.length,
          refresh: tokens.refresh_token?.length ?? 0,
          id: tokens.id_token?.length ?? 0,
          referenceAccess: reference.access_token.length,
        },
        accessTokenVerify,
        accessTokenTtlSeconds: BENCH_ACCESS_TOKEN_TTL_SECONDS,
      };
    } else log("attached to a server: the API series are left out (the bench starts the API services it loads)");
    const plans = plansFor(redisUrl !== undefined, servers);
    const cookies: SeriesCookies = new Map();
    for (const plan of plans) {
      if (!plan.signedIn || cookies.has(cookieKey(plan))) continue;
      const baseUrl = defined(servers[plan.server], `the ${plan.server} server`).baseUrl;
      cookies.set(cookieKey(plan), await signInOverHttp(baseUrl, plan.signedIn, BENCH_EMAIL, BENCH_PASSWORD));
    }
    const hybridPlan = plans.find((plan) => plan.keepsCookies);
    const hybridTokenTtlSeconds = hybridPlan
      ? await hybridTokenLifetime(
          new URL(hybridPlan.route, target.baseUrl).toString(),
          defined(cookies.get(cookieKey(hybridPlan)), "the hybrid cookie"),
        )
      : undefined;
    if (hybridTokenTtlSeconds !== undefined) log(`the site issues hybrid tokens for ${hybridTokenTtlSeconds} s`);
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
    const redisPlan = plans.find((plan) => plan.series === "database-redis-lean");
    const redisCookie = redisPlan ? cookies.get(cookieKey(redisPlan)) : undefined;
    const redisLeanRead = redisCookie ? await measureWholeLeanRead(redisCookie, 2000) : undefined;
    if (redisLeanRead) {
      log(`a whole lean read of a Redis session, in-process: p50 ${redisLeanRead.p50Us} µs`);
      // Done with Redis here: a client left open would only complain when the site's Redis stops.
      await redisSessionConnection()?.close();
    }
    if (lookupScaling.length === 0) {
      lookupScaling.push({
        sessions: await countSessions(),
        p50Us: sessionLookup.p50Us,
        p95Us: sessionLookup.p95Us,
        leanP50Us: leanLookup.p50Us,
        leanP95Us: leanLookup.p95Us,
      });
    }
    log(
      "timing each stage of a session read, each mode on each path, the hybrid on the lean one (in this process, 2,000 reads each)",
    );
    const readStages = await measureReadStages(env, 2000);
    for (const timing of readStages) {
      log(
        `${timing.mode} ${timing.path}: p50 ${timing.totalP50Us} µs (${timing.stages.map((stage) => `${stage.name} ${stage.p50Us}`).join(", ")})`,
      );
    }

    const { rounds, roundSeconds, warmUpSeconds, runs, ticksPerSecond } = await runSeries(
      servers,
      plans,
      options,
      cookies,
      log,
      bearers,
    );
    const hybridRefresh =
      hybridPlan && hybridTokenTtlSeconds !== undefined
        ? await measureHybridRefresh(
            new URL(hybridPlan.route, target.baseUrl).toString(),
            defined(cookies.get(cookieKey(hybridPlan)), "the hybrid cookie"),
            hybridTokenTtlSeconds,
            options.connections,
            log,
          )
        : undefined;
    const measured = benchResultsSchema.parse({
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
        roundSeconds: round(roundSeconds, 2),
        warmUpSeconds,
        extraSessions: options.sessions,
        sessionRows: await countSessions(),
        ...(ticksPerSecond ? { cpuTicksPerSecond: ticksPerSecond } : {}),
        ...(hybridTokenTtlSeconds !== undefined ? { hybridTokenTtlSeconds } : {}),
        target: options.url
          ? "attached production server, beside a bare next start of the same route"
          : "own production server (as npm start runs it) on the embedded PostgreSQL and a local redis-server, a second server of the same build with AUTH_JWT_REVOCATION_CHECK=on, and a bare next start of the same route",
      },
      runs,
      ...(hybridRefresh ? { hybridRefresh } : {}),
      ratios: ratiosForFile(runs),
      storeProjection: storeProjection(runs),
      verification: { jwtDecrypt, sessionLookup, leanDecrypt, leanLookup, ...(redisLeanRead ? { redisLeanRead } : {}) },
      ...(oauth ? { oauth } : {}),
      lookupScaling,
      readStages,
    } satisfies BenchResults);
    const estimates = seriesEstimates(measured);
    const results = benchResultsSchema.parse({
      ...measured,
      estimates,
      inProcessCheck: inProcessChecks(measured, estimates),
      targets: benchTargets(measured),
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
    await api?.stop();
    await apiIntrospect?.stop();
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
