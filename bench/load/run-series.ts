import { z } from "zod";
import { defined } from "@/lib/defined";
import { resolveSetup, type ModeCookieValue } from "@/lib/auth/mode";
import { BENCH_SERIES, type BenchRun, type BenchSeries, type RoundSample } from "@/lib/lab/bench-results";
import type { CheckServer } from "@/bench/load/check-server";
import { cpuSnapshot, treeCpuMs, type CpuMs, type ServerTree } from "@/bench/load/cpu-meter";
import { runLoadRound } from "@/bench/load/load-round";
import { clockTicksPerSecond } from "@/bench/load/process-cpu";
import { serverTreeRssMiB } from "@/bench/load/process-memory";
import { alternatingSchedule, roundsFor, type BenchServer, type SeriesPlan } from "@/bench/load/series";
import { sessionCookieBytes } from "@/bench/harness/sign-in";
import { requestsPerSecond, round, summarize } from "@/bench/load/stats";
import type { BenchTarget } from "@/bench/load/target";

/** How hard and how long to load each series. */
export type LoadOptions = {
  duration: number;
  connections: number;
  rounds?: number;
};

type Collected = {
  latencies: number[];
  requests: number;
  errors: number;
  storeReads: number;
  /** The Cookie header a connection of a cookie-keeping series last sent: its session cookie and its token. */
  lastCookie?: string;
  elapsedMs: number;
  peakRssMiB: number;
  cpuMs: CpuMs & { provider: number };
  rounds: RoundSample[];
};

const probeBodySchema = z.object({ ok: z.boolean(), mode: z.string(), store: z.string().nullable() });

/** Fails early, with the route's name, when a probe route is missing or does not see the session in its store. */
async function assertProbeAnswers(url: string, cookie: string, setup: ModeCookieValue) {
  const { mode, store } = resolveSetup(setup, "database");
  const response = await fetch(url, { headers: { cookie } });
  const body = probeBodySchema.safeParse(await response.json().catch(() => null));
  if (!response.ok || !body.success || !body.data.ok || body.data.mode !== mode || body.data.store !== store) {
    throw new Error(`${url} did not answer signed in (${setup}) for the benchmark's cookie: HTTP ${response.status}`);
  }
}

type Process = { baseUrl: string; pid?: number };
export type BenchServers = { site: BenchTarget; bare: Process; check?: CheckServer; api?: Process; "api-introspect"?: Process };

/** Which processes count as each server's: the site's pid is its launcher's (start.ts, not counted); the others are the server. */
function serverTrees(servers: BenchServers): Partial<Record<BenchServer, ServerTree>> {
  const tree = (pid: number | undefined, includeRoot: boolean) => (pid === undefined ? undefined : { rootPid: pid, includeRoot });
  return {
    site: tree(servers.site.serverPid, false),
    bare: tree(servers.bare.pid, true),
    check: tree(servers.check?.pid, true),
    api: tree(servers.api?.pid, true),
    "api-introspect": tree(servers["api-introspect"]?.pid, true),
  };
}

/** Load on every route before the first round, so no round pays for JIT compilation, first connections or cold caches. */
const WARM_UP_SECONDS = 3;
const CHECK_WARM_UP_SECONDS = 5;

const KEEP_WARM_EVERY_MS = 8000;

/**
 * A burst of `connections` requests every 8 s to each server's PostgreSQL-backed probe while other
 * series run. pg's pool closes connections idle for 10 s; without this, a server whose series had
 * paused would open its connections again (PostgreSQL forking and authenticating each) inside its
 * next round, and that would be charged to its reads. The bursts (under 3 req/s per server) are
 * charged to whichever series is running.
 */
function keepPoolsWarm(probes: readonly { url: string; cookie: () => string | undefined }[], connections: number) {
  return setInterval(() => {
    for (const probe of probes) {
      const cookie = probe.cookie();
      for (let index = 0; index < connections; index += 1) {
        void fetch(probe.url, { headers: cookie ? { cookie } : {} }).catch(() => undefined);
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
export type SeriesCookies = Map<string, string>;
export const cookieKey = (plan: SeriesPlan) => `${plan.server}:${plan.signedIn ?? ""}`;
/** An access token for the API series, by the server whose provider issued it. */
export type SeriesBearers = Partial<Record<"site" | "check", string>>;

/** Fails early when an API series' token is refused: its numbers would measure 401s. */
async function assertApiAnswers(url: string, authorization: string) {
  const response = await fetch(url, { headers: { authorization } });
  if (!response.ok) throw new Error(`${url} refused the benchmark's access token: HTTP ${response.status}`);
}

/**
 * Loads every plan in alternating rounds and sums, per series, its latencies, requests, errors, time
 * under load, peak memory and the CPU of the serving app and of the stores.
 */
export async function runSeries(
  servers: BenchServers,
  plans: readonly SeriesPlan[],
  options: LoadOptions,
  cookies: SeriesCookies,
  log: (line: string) => void,
  bearers: SeriesBearers = {},
) {
  const baseUrlOf = (server: BenchServer) => defined(servers[server], `the ${server} server`).baseUrl;
  const urlOf = (plan: SeriesPlan) => new URL(plan.route, baseUrlOf(plan.server)).toString();
  const cookieOf = (plan: SeriesPlan) =>
    plan.signedIn ? defined(cookies.get(cookieKey(plan)), `a ${cookieKey(plan)} cookie`) : undefined;
  const headersOf = (plan: SeriesPlan): Record<string, string> =>
    plan.bearerFrom
      ? { authorization: `Bearer ${defined(bearers[plan.bearerFrom], `a token from the ${plan.bearerFrom} provider`)}` }
      : {};
  const trees = serverTrees(servers);
  const memoryOf = (plan: SeriesPlan): (() => Promise<number>) | undefined => {
    const tree = trees[plan.server];
    return tree ? () => serverTreeRssMiB(tree.rootPid, tree.includeRoot) : undefined;
  };
  // CPU is read only from servers this bench started: an attached server's processes are not known.
  const ticksPerSecond = trees.site ? clockTicksPerSecond() : undefined;
  for (const plan of plans) {
    if (plan.signedIn) await assertProbeAnswers(urlOf(plan), defined(cookieOf(plan), "a cookie"), plan.signedIn);
    if (plan.bearerFrom) await assertApiAnswers(urlOf(plan), headersOf(plan).authorization ?? "");
  }

  const { rounds, seconds } = roundsFor(options.duration, options.rounds);
  if (options.rounds !== undefined && rounds < options.rounds)
    log(
      `${options.rounds} rounds of ${options.duration / options.rounds} s are too short: ${rounds} rounds of ${seconds} s instead`,
    );
  const collected = new Map<BenchSeries, Collected>(
    plans.map((plan) => [
      plan.series,
      {
        latencies: [],
        requests: 0,
        errors: 0,
        storeReads: 0,
        elapsedMs: 0,
        peakRssMiB: 0,
        cpuMs: { app: 0, postgres: 0, redis: 0, provider: 0 },
        rounds: [],
      },
    ]),
  );

  const collectedOf = (plan: SeriesPlan) => defined(collected.get(plan.series), `the ${plan.series} series' samples`);
  // A renewed token cookie is what the next round sends; every other series starts from its sign-in cookie.
  const roundCookieOf = (plan: SeriesPlan) =>
    plan.renewsCookie ? (collectedOf(plan).lastCookie ?? cookieOf(plan)) : cookieOf(plan);

  // The check server is a fresh process that serves only its own series: it gets longer to warm its JIT.
  log(`warming up every route for ${WARM_UP_SECONDS} s (the revocation-check server's for ${CHECK_WARM_UP_SECONDS} s)`);
  for (const plan of plans) {
    const seconds = plan.server === "check" ? CHECK_WARM_UP_SECONDS : WARM_UP_SECONDS;
    const warmUp = await runLoadRound({
      url: urlOf(plan),
      cookie: cookieOf(plan),
      headers: headersOf(plan),
      connections: options.connections,
      seconds,
      keepCookies: plan.keepsCookies ?? plan.renewsCookie,
    });
    if (plan.renewsCookie) collectedOf(plan).lastCookie = warmUp.lastCookie;
  }
  const keepAlive = keepPoolsWarm(
    postgresProbes(plans).map((plan) => ({ url: urlOf(plan), cookie: () => roundCookieOf(plan) })),
    options.connections,
  );

  // Alternate the series round by round, so that drift (heat, other work) hits them all alike.
  const schedule = alternatingSchedule(plans, rounds);
  try {
    for (const { step, round: roundNumber, item: plan } of schedule) {
      const into = defined(collected.get(plan.series), `the ${plan.series} series' samples`);
      const rssMiB = memoryOf(plan);
      const label = `[${step}/${schedule.length}] ${plan.series.padEnd(20)} round ${roundNumber}/${rounds}`;
      const samplePeak = async (read: () => Promise<number>) => {
        into.peakRssMiB = Math.max(into.peakRssMiB, await read());
      };
      const cpuBefore = ticksPerSecond ? await cpuSnapshot() : undefined;
      const sampler = rssMiB ? setInterval(() => void samplePeak(rssMiB), 200) : undefined;
      const result = await runLoadRound({
        url: urlOf(plan),
        cookie: roundCookieOf(plan),
        headers: headersOf(plan),
        connections: options.connections,
        seconds,
        // A hybrid round's connections start without a token, as browsers back after more than a token's life away.
        keepCookies: plan.keepsCookies ?? plan.renewsCookie,
        onTick: (sofar) => log(`${label}: ${sofar} requests so far`),
      }).finally(() => clearInterval(sampler));
      const servingTree = trees[plan.server];
      let roundCpu: RoundSample["cpuMs"];
      if (cpuBefore && ticksPerSecond && trees.site && servingTree) {
        const cpuAfter = await cpuSnapshot();
        // The stores are the site launcher's children, whichever server sent them the queries.
        const stores = treeCpuMs(cpuBefore, cpuAfter, trees.site, ticksPerSecond);
        roundCpu = {
          app: treeCpuMs(cpuBefore, cpuAfter, servingTree, ticksPerSecond).app,
          postgres: stores.postgres,
          redis: stores.redis,
          // An introspecting API's every request is also the provider's: count the server it asks.
          ...(plan.bearerFrom === "check" && trees.check
            ? { provider: treeCpuMs(cpuBefore, cpuAfter, trees.check, ticksPerSecond).app }
            : {}),
        };
        into.cpuMs.app += roundCpu.app;
        into.cpuMs.postgres += roundCpu.postgres;
        into.cpuMs.redis += roundCpu.redis;
        into.cpuMs.provider += roundCpu.provider ?? 0;
      }
      into.rounds.push({
        requests: result.requests,
        elapsedMs: round(result.elapsedMs, 0),
        p99: round(summarize(result.latenciesMs).p99),
        ...(roundCpu
          ? {
              cpuMs: {
                app: round(roundCpu.app, 0),
                postgres: round(roundCpu.postgres, 0),
                redis: round(roundCpu.redis, 0),
                ...(roundCpu.provider !== undefined ? { provider: round(roundCpu.provider, 0) } : {}),
              },
            }
          : {}),
      });
      into.latencies.push(...result.latenciesMs);
      into.requests += result.requests;
      into.errors += result.errors;
      into.elapsedMs += result.elapsedMs;
      into.storeReads += result.storeReads;
      into.lastCookie = result.lastCookie ?? into.lastCookie;
      const reads = plan.signedIn ? `, ${result.storeReads} store reads` : "";
      log(`${label}: ${Math.round(requestsPerSecond(result.requests, result.elapsedMs))} req/s${reads}`);
    }
  } finally {
    clearInterval(keepAlive);
  }
  const inChartOrder = [...plans].sort((a, b) => BENCH_SERIES.indexOf(a.series) - BENCH_SERIES.indexOf(b.series));
  return {
    rounds,
    roundSeconds: seconds,
    warmUpSeconds: WARM_UP_SECONDS,
    ticksPerSecond,
    runs: inChartOrder.map((plan): BenchRun => {
      const data = defined(collected.get(plan.series), `the ${plan.series} series' samples`);
      const latency = summarize(data.latencies);
      // A cookie-keeping series' cookies are its session cookie and the token the server set.
      const cookie = data.lastCookie ?? cookieOf(plan);
      const routeNote = {
        site: "",
        bare: " (bare next start)",
        check: " (second server, AUTH_JWT_REVOCATION_CHECK=on)",
        api: " (API service, API_TOKEN_CHECK=local)",
        "api-introspect": " (API service, API_TOKEN_CHECK=introspect)",
      }[plan.server];
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
        storeReads: data.storeReads,
        ...(ticksPerSecond
          ? {
              cpuMs: {
                app: round(data.cpuMs.app, 0),
                postgres: round(data.cpuMs.postgres, 0),
                redis: round(data.cpuMs.redis, 0),
                ...(plan.bearerFrom === "check" ? { provider: round(data.cpuMs.provider, 0) } : {}),
              },
            }
          : {}),
        rounds: data.rounds,
      };
    }),
  };
}
