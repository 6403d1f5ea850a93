import { z } from "zod";
import { formatDuration } from "@/lib/format-duration";
import { benchRatios, type BenchResults, type BenchSeries } from "@/lib/lab/bench-results";
import type { ClusterResults, RevocationWindow } from "@/lib/lab/cluster-results";
import type { AttackRow } from "@/lib/lab/attack-results";
import type { AttackResultsState, BenchResultsState, ClusterResultsState } from "@/lib/lab/committed-results";
import { storeProjection } from "@/lib/lab/store-projection";

// ---------------------------------------------------------------------------------------------------------------------
// The questions

export const CALLERS = ["pages", "spa", "mobile", "cli", "services"] as const;
export const REVOCATION_NEEDS = ["at-once", "within-a-minute", "token-lifetime"] as const;
export const SHARED_STORES = ["redis", "postgres", "none"] as const;
export const OUTAGE_NEEDS = ["nothing", "reads-briefly", "reads-throughout"] as const;

type Caller = (typeof CALLERS)[number];
const NON_BROWSER_CALLERS: readonly Caller[] = ["mobile", "cli", "services"];

export const DEFAULT_ANSWERS = {
  callers: ["pages"],
  revocation: "within-a-minute",
  instances: 2,
  sharedStore: "postgres",
  peakRps: 500,
  outage: "nothing",
} as const satisfies Answers;

const callerSchema = z.enum(CALLERS);

/**
 * The answers, from a query string: every field falls back to its default on a bad or missing value, so any URL
 * gives an answer and never an error. Unknown callers are dropped; none left means browser pages.
 */
export const answersSchema = z.object({
  callers: z
    .preprocess((value) => [value ?? []].flat().filter((caller) => callerSchema.safeParse(caller).success), z.array(callerSchema))
    .transform((callers) => (callers.length === 0 ? [...DEFAULT_ANSWERS.callers] : CALLERS.filter((c) => callers.includes(c))))
    .catch([...DEFAULT_ANSWERS.callers]),
  revocation: z.enum(REVOCATION_NEEDS).catch(DEFAULT_ANSWERS.revocation),
  instances: z.coerce.number().int().min(1).max(100_000).catch(DEFAULT_ANSWERS.instances),
  sharedStore: z.enum(SHARED_STORES).catch(DEFAULT_ANSWERS.sharedStore),
  peakRps: z.coerce.number().int().min(1).max(100_000_000).catch(DEFAULT_ANSWERS.peakRps),
  outage: z.enum(OUTAGE_NEEDS).catch(DEFAULT_ANSWERS.outage),
});
export type Answers = {
  callers: readonly Caller[];
  revocation: (typeof REVOCATION_NEEDS)[number];
  instances: number;
  sharedStore: (typeof SHARED_STORES)[number];
  peakRps: number;
  outage: (typeof OUTAGE_NEEDS)[number];
};

/** The answers as a query string, in the form's order: the shareable part of the answer's URL. */
export function answersQuery(answers: Answers): string {
  const query = new URLSearchParams();
  for (const caller of answers.callers) query.append("callers", caller);
  query.set("revocation", answers.revocation);
  query.set("instances", String(answers.instances));
  query.set("sharedStore", answers.sharedStore);
  query.set("peakRps", String(answers.peakRps));
  query.set("outage", answers.outage);
  return query.toString();
}

// ---------------------------------------------------------------------------------------------------------------------
// The facts the answer cites: the committed results and the live server's settings

type LiveSettings = {
  /** AUTH_HYBRID_TOKEN_TTL: how long a hybrid token answers reads. */
  hybridTokenTtlSeconds: number;
  /** OIDC_ACCESS_TOKEN_TTL: how long an issued access token works. */
  accessTokenTtlSeconds: number;
  /** AUTH_JWT_MAX_AGE: how long a token cookie works. */
  jwtMaxAgeSeconds: number;
  /** AUTH_JWT_REVOCATION_CHECK: whether a token cookie's grant is looked up on every read. */
  jwtRevocationCheck: boolean;
};

export type ChooseFacts = {
  bench: BenchResultsState;
  cluster: ClusterResultsState;
  attacks: AttackResultsState;
  live: LiveSettings;
};

/** A value from the lab's results, with where it is shown; or why there is none. */
export type Citation =
  | { kind: "measured"; id: string; value: string; of: string; href: string }
  | { kind: "missing"; id: string; of: string; why: string };
/** One sentence: text with the values it rests on. */
export type Reason = readonly (string | Citation)[];

const COMPARE = "/compare";

/** A sentence whose interpolated citations stay citations and whose other values become text. */
function sentence(strings: TemplateStringsArray, ...values: (string | number | Citation)[]): Reason {
  return strings.flatMap((text, index) => {
    const value = values[index];
    const parts: (string | Citation)[] = text ? [text] : [];
    if (value !== undefined) parts.push(typeof value === "object" ? value : String(value));
    return parts;
  });
}

type Unavailable = { status: "missing"; file: string } | { status: "invalid"; file: string; reason: string };

function missing(id: string, of: string, state: Unavailable): Citation {
  const why = state.status === "missing" ? `${state.file} is missing` : `${state.file} could not be read (${state.reason})`;
  return { kind: "missing", id, of, why };
}

const notInRun = (id: string, of: string, file: string, what: string): Citation => ({
  kind: "missing",
  id,
  of,
  why: `${file} has no ${what}`,
});

/** A number as prose shows it: whole from 100 up, else up to `digits` decimals. */
export function figure(value: number, digits = 1): string {
  return value >= 100 ? Math.round(value).toLocaleString("en") : value.toLocaleString("en", { maximumFractionDigits: digits });
}

/** Seconds as the answer shows them: milliseconds below 10 s, tenths above. */
export const seconds = (value: number) => `${Number(value.toFixed(value < 10 ? 3 : 1))} s`;

function withBench(
  facts: ChooseFacts,
  id: string,
  of: string,
  cite: (results: BenchResults, file: string) => Citation,
): Citation {
  const { bench } = facts;
  return bench.status === "ok" ? cite(bench.results, "the committed benchmark run") : missing(id, of, bench);
}

const runOf = (results: BenchResults, series: BenchSeries) => results.runs.find((run) => run.series === series);

/** The cookie a series sent, as the bench table shows it. */
function cookieSize(facts: ChooseFacts, series: BenchSeries, of: string): Citation {
  const id = `cookie-bytes-${series}`;
  return withBench(facts, id, of, (results, file) => {
    const run = runOf(results, series);
    return run
      ? { kind: "measured", id, of, value: `${run.cookieBytes.toLocaleString("en")} bytes`, href: `${COMPARE}#bench-table` }
      : notInRun(id, of, file, `${series} series`);
  });
}

/** Throughput as a share of the reference series', as the bench table shows it. */
function throughputShare(facts: ChooseFacts, series: BenchSeries, of: string): Citation {
  const id = `throughput-${series}`;
  return withBench(facts, id, of, (results, file) => {
    const ratio = benchRatios(results.runs).bySeries[series]?.vsBaseline;
    return ratio == null
      ? notInRun(id, of, file, `${series} series with its reference`)
      : { kind: "measured", id, of, value: `${ratio.toFixed(2)}×`, href: `${COMPARE}#bench-table` };
  });
}

type StoreSeries = "database-lean" | "database-redis-lean" | "hybrid-lean" | "jwt-lean-check";

/** What the store spent per 1,000 requests of a series, from /proc over the run. */
function storeCpu(facts: ChooseFacts, series: StoreSeries, of: string): Citation {
  const id = `store-cpu-${series}`;
  return withBench(facts, id, of, (results, file) => {
    const row = storeProjection(results.runs).find((candidate) => candidate.series === series);
    return row?.storeCpuMsPer1k == null
      ? notInRun(id, of, file, `store CPU for the ${series} series`)
      : { kind: "measured", id, of, value: `${figure(row.storeCpuMsPer1k)} CPU-ms`, href: `${COMPARE}#store-projection-table` };
  });
}

/** Session reads one store core serves a second at the measured cost. */
function storeReadsPerCore(facts: ChooseFacts, series: StoreSeries): Citation {
  const id = `store-reads-per-core-${series}`;
  const of = "reads one store core serves a second";
  return withBench(facts, id, of, (results, file) => {
    const row = storeProjection(results.runs).find((candidate) => candidate.series === series);
    return row?.storeRpsPerCore == null
      ? notInRun(id, of, file, `store CPU for the ${series} series`)
      : { kind: "measured", id, of, value: row.storeRpsPerCore.toLocaleString("en"), href: `${COMPARE}#store-projection-table` };
  });
}

/**
 * The projection at the person's own rate: how many of their instances (each serving its share of the peak) one
 * store core keeps up with, and how much of a store core the whole peak takes.
 */
function storeAtYourRate(facts: ChooseFacts, series: StoreSeries, answers: Answers): { instances: Citation; cores: Citation } {
  const perInstance = answers.peakRps / answers.instances;
  const instancesOf = `instances one store core serves at ${figure(perInstance)} req/s each`;
  const coresOf = `store cores your ${answers.peakRps.toLocaleString("en")} req/s take`;
  const pick = (id: string, of: string, value: (rpsPerCore: number) => string): Citation =>
    withBench(facts, id, of, (results, file) => {
      const row = storeProjection(results.runs).find((candidate) => candidate.series === series);
      return row?.storeRpsPerCore == null
        ? notInRun(id, of, file, `store CPU for the ${series} series`)
        : { kind: "measured", id, of, value: value(row.storeRpsPerCore), href: `${COMPARE}#store-projection-table` };
    });
  return {
    instances: pick(`instances-per-store-core-${series}`, instancesOf, (rpsPerCore) => figure(rpsPerCore / perInstance)),
    cores: pick(`store-cores-${series}`, coresOf, (rpsPerCore) => figure(answers.peakRps / rpsPerCore, 2)),
  };
}

/** The share of a store core the person's peak takes with a server session in `series`' store, if measured. */
function storeCoresAtPeak(facts: ChooseFacts, series: StoreSeries, peakRps: number): number | undefined {
  if (facts.bench.status !== "ok") return undefined;
  const row = storeProjection(facts.bench.results.runs).find((candidate) => candidate.series === series);
  return row?.storeRpsPerCore ? peakRps / row.storeRpsPerCore : undefined;
}

/** Store reads per request of a series, counted from the server's Server-Timing during the run. */
function storeReadsPerRequest(facts: ChooseFacts, series: BenchSeries, of: string): Citation {
  const id = `store-reads-${series}`;
  return withBench(facts, id, of, (results, file) => {
    const run = runOf(results, series);
    if (run?.storeReads === undefined || run.requests === 0) return notInRun(id, of, file, `store reads for ${series}`);
    const perRequest = run.storeReads / run.requests;
    const value = perRequest === 0 || perRequest >= 0.1 ? perRequest.toFixed(2) : perRequest.toPrecision(2);
    return { kind: "measured", id, of, value, href: `${COMPARE}#bench-table` };
  });
}

/** The API's in-process check of one access token against the provider's public keys. */
function accessTokenVerify(facts: ChooseFacts): Citation {
  const id = "access-token-verify";
  const of = "access-token verification with public keys, in-process p50";
  return withBench(facts, id, of, (results, file) =>
    results.oauth
      ? {
          kind: "measured",
          id,
          of,
          value: `${figure(results.oauth.accessTokenVerify.p50Us)} µs`,
          href: `${COMPARE}#api-claim-work`,
        }
      : notInRun(id, of, file, "OAuth measurements"),
  );
}

/** The hybrid token lifetime of the server the bench loaded: its store reads per request depend on it. */
function benchHybridTtl(facts: ChooseFacts): Citation {
  const id = "bench-hybrid-ttl";
  const of = "the hybrid token lifetime in the committed benchmark run";
  return withBench(facts, id, of, (results, file) =>
    results.settings.hybridTokenTtlSeconds === undefined
      ? notInRun(id, of, file, "hybrid series")
      : {
          kind: "measured",
          id,
          of,
          value: formatDuration(results.settings.hybridTokenTtlSeconds),
          href: `${COMPARE}#bench-hybrid-store-reads`,
        },
  );
}

function withCluster(facts: ChooseFacts, id: string, of: string, cite: (results: ClusterResults) => Citation): Citation {
  const { cluster } = facts;
  return cluster.status === "ok" ? cite(cluster.results) : missing(id, of, cluster);
}

/** How long a revoked device kept reading through the balancer, as the cluster check measured it. */
function revocationWindow(facts: ChooseFacts, setup: "database" | "jwt" | "hybrid", of: string): Citation {
  const id = `revocation-window-${setup}`;
  return withCluster(facts, id, of, (results) => {
    const window: RevocationWindow | undefined = results.revocationWindows?.find((candidate) => candidate.setup === setup);
    if (!window) return notInRun(id, of, "the committed cluster check", `revocation window for ${setup}`);
    const value =
      window.signedOutAfterSeconds === null
        ? `still signed in ${seconds(window.watchedSeconds)} later (${window.signedInAfter.toLocaleString("en")} of ${window.requestsAfter.toLocaleString("en")} requests)`
        : seconds(window.signedOutAfterSeconds);
    return { kind: "measured", id, of, value, href: `${COMPARE}#claim-revocation` };
  });
}

/** The share of requests signed in through the balancer for a setup and phase, as the cluster check measured it. */
function clusterShare(
  facts: ChooseFacts,
  setup: "database:memory" | "database:redis",
  routing: "round-robin" | "sticky",
  phase: "steady" | "after-restart",
  of: string,
): Citation {
  const id = `cluster-share-${setup}-${phase}`;
  return withCluster(facts, id, of, (results) => {
    const scenario = results.scenarios.find((s) => s.setup === setup && s.routing === routing && s.phase === phase);
    return scenario
      ? {
          kind: "measured",
          id,
          of,
          value: `${scenario.signedIn} of ${scenario.requests} requests`,
          href: `${COMPARE}#claim-scaling`,
        }
      : notInRun(id, of, "the committed cluster check", `${routing} ${setup} ${phase} scenario`);
  });
}

/** One answer of the attack table: whether what a stolen credential gives works off the device. */
function attack(facts: ChooseFacts, row: AttackRow["id"], column: "usableOffDevice" | "readableByInjectedScript"): Citation {
  const id = `attack-${row}-${column}`;
  const of = column === "usableOffDevice" ? `usable off-device (${row})` : `readable by an injected script (${row})`;
  const { attacks } = facts;
  if (attacks.status !== "ok") return missing(id, of, attacks);
  const found: AttackRow | undefined = attacks.results.rows.find((candidate) => candidate.id === row);
  if (!found) return notInRun(id, of, "the committed attack run", `row for ${row}`);
  return { kind: "measured", id, of, value: found[column].value ? "yes" : "no", href: `${COMPARE}#attack-${row}` };
}

/** A setting of the live server, cited where /compare shows what it does. */
function live(id: string, of: string, value: string, anchor: string): Citation {
  return { kind: "measured", id, of, value, href: `${COMPARE}#${anchor}` };
}

// ---------------------------------------------------------------------------------------------------------------------
// The choices and the rules

const CHOICES = {
  "session-postgres": { title: "Server session in PostgreSQL", tryIt: "/settings?mode=database" },
  "session-redis": { title: "Server session in Redis", tryIt: "/settings?mode=database:redis" },
  "token-cookie": { title: "Token cookie (JWT)", tryIt: "/settings?mode=jwt" },
  hybrid: { title: "Hybrid: a short-lived token in front of a server session", tryIt: "/settings?mode=hybrid" },
  oauth: {
    title: "OAuth access + refresh tokens, verified with public keys",
    tryIt: "/spa?storage=memory",
  },
  bff: { title: "Backend-for-frontend (the tokens stay on the server)", tryIt: "/spa?storage=bff" },
} as const;
type Choice = keyof typeof CHOICES;

/** The share of one store core the rules let session reads take at the peak before they prefer fewer reads (the hybrid). */
export const STORE_CORE_BUDGET = 0.5;
/** What "within a minute" allows: the hybrid token's lifetime to choose then. */
const ONE_MINUTE = 60;

export type Recommendation = {
  choice: Choice;
  title: string;
  /** Where a signed-in person tries it, preselected (Settings or the single-page app). */
  tryIt: string;
  /** For the hybrid: the token lifetime these answers call for. */
  hybridTtlSeconds?: number;
  reasons: Reason[];
  runnerUp: { choice: Choice; title: string; reason: Reason };
};

const isBrowserOnly = (answers: Answers) => !answers.callers.some((caller) => NON_BROWSER_CALLERS.includes(caller));
const sessionIn = (store: Answers["sharedStore"]): Choice => (store === "redis" ? "session-redis" : "session-postgres");
const sessionSeries = (store: Answers["sharedStore"]): StoreSeries =>
  store === "redis" ? "database-redis-lean" : "database-lean";

/** The hybrid's token lifetime for these answers: a minute for "within a minute", else the access-token lifetime. */
function hybridTtl(answers: Answers, facts: ChooseFacts): number {
  return answers.revocation === "within-a-minute" ? ONE_MINUTE : facts.live.accessTokenTtlSeconds;
}

/** For browser pages alone: how fast revocation must bite, then what the store can take and what must survive an outage. */
function browserPick(answers: Answers, facts: ChooseFacts): Choice {
  const { revocation, sharedStore, outage, peakRps } = answers;
  if (revocation === "at-once") return sessionIn(sharedStore);
  if (revocation === "token-lifetime") return "token-cookie";
  if (sharedStore === "none" || outage !== "nothing") return "hybrid";
  const cores = storeCoresAtPeak(facts, sessionSeries(sharedStore), peakRps);
  return cores !== undefined && cores > STORE_CORE_BUDGET ? "hybrid" : sessionIn(sharedStore);
}

/** Which choice, as a first-match list (docs/choose.md has it as a table): who calls first, then the browser rules. */
function choiceFor(answers: Answers, facts: ChooseFacts): Choice {
  if (!isBrowserOnly(answers)) return "oauth";
  if (answers.callers.includes("spa")) return "bff";
  return browserPick(answers, facts);
}

/** The second best: what the person gives up least by, for the same answers. */
function runnerUpFor(choice: Choice, answers: Answers, facts: ChooseFacts): Choice {
  const { callers, revocation, sharedStore, outage } = answers;
  switch (choice) {
    case "oauth":
      if (callers.includes("spa")) return "bff";
      return callers.includes("pages") ? browserPick(answers, facts) : sessionIn(sharedStore);
    case "bff":
      return "oauth";
    case "session-postgres":
    case "session-redis":
      if (revocation !== "at-once" || sharedStore === "none") return "hybrid";
      return choice === "session-redis" ? "session-postgres" : "session-redis";
    case "hybrid":
      return outage === "reads-throughout" ? "token-cookie" : sessionIn(sharedStore);
    case "token-cookie":
      return "hybrid";
  }
}

/** The sentences behind a choice, each with the measured values it rests on. */
function reasonsFor(choice: Choice, answers: Answers, facts: ChooseFacts): Reason[] {
  const ttl = hybridTtl(answers, facts);
  switch (choice) {
    case "session-postgres":
    case "session-redis": {
      const series = choice === "session-redis" ? "database-redis-lean" : "database-lean";
      const store = choice === "session-redis" ? "Redis" : "PostgreSQL";
      const atRate = storeAtYourRate(facts, series, answers);
      return [
        sentence`Revoking deletes the session: a revoked PostgreSQL session was signed out on every instance ${revocationWindow(facts, "database", "revocation window, server session, through the balancer")} after the revocation${choice === "session-redis" ? " (a Redis session is deleted the same way)" : ""}.`,
        sentence`Every read costs ${store} ${storeCpu(facts, series, `${store} CPU per 1,000 session reads`)} per 1,000 reads: one store core serves ${atRate.instances} of your instances at ${figure(answers.peakRps / answers.instances)} req/s each, and your peak takes ${atRate.cores} of a store core.`,
        sentence`The browser sends an opaque cookie of ${cookieSize(facts, series, "session cookie size")}, which an injected script cannot carry off the device (usable off-device: ${attack(facts, "database", "usableOffDevice")}).`,
        ...(choice === "session-redis"
          ? [
              sentence`Every instance reads the same Redis, so round-robin needs no sticky routing: ${clusterShare(facts, "database:redis", "round-robin", "steady", "signed in through round-robin, Redis session")} were signed in.`,
            ]
          : []),
        answers.outage === "nothing"
          ? sentence`When the store is down no one is authenticated, which you said is acceptable.`
          : sentence`When the store is down no one is authenticated: that does not meet what you need during an outage; the runner-up does better there.`,
      ];
    }
    case "token-cookie":
      return [
        sentence`No store is read: the token read served ${throughputShare(facts, "jwt-lean", "token cookie throughput vs no auth")} the unauthenticated baseline's throughput.`,
        sentence`Revoking cannot reach a token in a cookie: a revoked device was ${revocationWindow(facts, "jwt", "revocation window, token cookie, through the balancer")}, and stays so until its lifetime ends (${live("jwt-max-age", "AUTH_JWT_MAX_AGE on this server", formatDuration(facts.live.jwtMaxAgeSeconds), "claim-expiry")} here).`,
        sentence`The cookie carries the claims: ${cookieSize(facts, "jwt-lean", "token cookie size")} on every request.`,
        sentence`During a database outage reads go on for the token's lifetime; the optional revocation check (${live("jwt-revocation-check", "AUTH_JWT_REVOCATION_CHECK on this server", facts.live.jwtRevocationCheck ? "on" : "off", "claim-revocation")} here) would cost PostgreSQL ${storeCpu(facts, "jwt-lean-check", "PostgreSQL CPU per 1,000 checked token reads")} per 1,000 reads.`,
      ];
    case "hybrid":
      return [
        sentence`Choose a token lifetime of ${formatDuration(ttl)}: a revoked device keeps reading until its token ends, measured ${revocationWindow(facts, "hybrid", "revocation window, hybrid, through the balancer")} through the balancer with this server's ${live("hybrid-ttl", "AUTH_HYBRID_TOKEN_TTL on this server", formatDuration(facts.live.hybridTokenTtlSeconds), "claim-revocation")} token.`,
        sentence`Most reads are token hits: ${storeReadsPerRequest(facts, "hybrid-lean", "hybrid store reads per request")} store reads per request with the bench's ${benchHybridTtl(facts)} token, ${storeCpu(facts, "hybrid-lean", "store CPU per 1,000 hybrid reads")} of store CPU per 1,000 reads against a server session's ${storeCpu(facts, "database-lean", "PostgreSQL CPU per 1,000 session reads")}.`,
        sentence`During a database outage reads go on until each token ends (${live("hybrid-ttl-outage", "AUTH_HYBRID_TOKEN_TTL on this server", formatDuration(facts.live.hybridTokenTtlSeconds), "claim-outage")} here), then answer "store unavailable", never "signed out"; the browser carries both cookies, ${cookieSize(facts, "hybrid-lean", "hybrid cookies size")}.`,
      ];
    case "oauth":
      return [
        sentence`Phones, command-line tools and services send a bearer token, not a cookie: the API verified an access token with the provider's public keys in ${accessTokenVerify(facts)} and no database, serving ${throughputShare(facts, "api-local", "API throughput with a verified bearer token vs no token")} its no-token throughput.`,
        answers.revocation === "at-once"
          ? sentence`Revoking ends refresh tokens at once, but an access token works until it ends (${live("access-token-ttl", "OIDC_ACCESS_TOKEN_TTL on this server", formatDuration(facts.live.accessTokenTtlSeconds), "api-claim-revocation")} here): for "at once", have the API introspect every token, which served ${throughputShare(facts, "api-introspect", "introspecting API throughput vs no token")} its no-token throughput.`
          : sentence`Revoking ends refresh tokens at once; an access token works until it ends (${live("access-token-ttl", "OIDC_ACCESS_TOKEN_TTL on this server", formatDuration(facts.live.accessTokenTtlSeconds), "api-claim-revocation")} here).`,
        sentence`Keep tokens out of web storage: a token in localStorage was usable off-device (${attack(facts, "local", "usableOffDevice")}), one held in memory was not (${attack(facts, "memory", "usableOffDevice")}).`,
      ];
    case "bff":
      return [
        sentence`A single-page app that holds its own tokens in web storage hands them to an injected script: readable ${attack(facts, "local", "readableByInjectedScript")}, usable off-device ${attack(facts, "local", "usableOffDevice")}.`,
        sentence`Behind a backend-for-frontend the browser holds only an HttpOnly cookie: readable ${attack(facts, "bff", "readableByInjectedScript")}, usable off-device ${attack(facts, "bff", "usableOffDevice")}.`,
        sentence`The site calls the API for the app with its own token, which the API verifies in ${accessTokenVerify(facts)} with no database.`,
      ];
  }
}

/** One line on what the runner-up would give instead. */
function runnerUpReason(runnerUp: Choice, answers: Answers, facts: ChooseFacts): Reason {
  switch (runnerUp) {
    case "session-postgres":
    case "session-redis": {
      const series = sessionSeries(runnerUp === "session-redis" ? "redis" : "postgres");
      const store = runnerUp === "session-redis" ? "Redis" : "PostgreSQL";
      return sentence`A store read on every request signs a revoked device out at once (${revocationWindow(facts, "database", "revocation window, server session, through the balancer")} measured), at ${storeCpu(facts, series, `${store} CPU per 1,000 session reads`)} of ${store} CPU per 1,000 reads.`;
    }
    case "hybrid":
      return sentence`A token that lives ${formatDuration(hybridTtl(answers, facts))} in front of the session cuts store reads (${storeReadsPerRequest(facts, "hybrid-lean", "hybrid store reads per request")} per request with the bench's ${benchHybridTtl(facts)} token) and keeps reads going through an outage, while a revoked device reads on until its token ends (${revocationWindow(facts, "hybrid", "revocation window, hybrid, through the balancer")} measured).`;
    case "token-cookie":
      return sentence`No store at all (${throughputShare(facts, "jwt-lean", "token cookie throughput vs no auth")} the baseline's throughput), but a revoked device stays signed in until its token ends: ${revocationWindow(facts, "jwt", "revocation window, token cookie, through the balancer")}.`;
    case "oauth":
      return sentence`Let the app hold its tokens in memory only: not usable off-device (${attack(facts, "memory", "usableOffDevice")}), though a reload signs in again silently and an open page can still be abused.`;
    case "bff":
      return sentence`Keep the app's tokens on the server behind an HttpOnly cookie: usable off-device ${attack(facts, "bff", "usableOffDevice")}, where localStorage's were ${attack(facts, "local", "usableOffDevice")}.`;
  }
}

/** A choice's name; the hybrid's says the token lifetime these answers call for. */
function titleOf(choice: Choice, answers: Answers, facts: ChooseFacts): string {
  return choice === "hybrid"
    ? `Hybrid: a token that lives ${formatDuration(hybridTtl(answers, facts))} in front of a server session`
    : CHOICES[choice].title;
}

/** The recommendation for these answers, from the lab's measured facts. */
export function recommend(answers: Answers, facts: ChooseFacts): Recommendation {
  const choice = choiceFor(answers, facts);
  const runnerUp = runnerUpFor(choice, answers, facts);
  const tryIt = choice === "hybrid" && answers.sharedStore === "redis" ? "/settings?mode=hybrid:redis" : CHOICES[choice].tryIt;
  const reasons = reasonsFor(choice, answers, facts);
  if (answers.revocation === "at-once" && answers.outage !== "nothing" && choice !== "oauth") {
    reasons.push(
      sentence`"At once" and "keep working when the database is down" pull apart: a revocation is written to the store, so a device that need not ask the store cannot hear of it.`,
    );
  }
  if (answers.sharedStore === "none" && (choice === "session-postgres" || choice === "hybrid") && answers.instances > 1) {
    reasons.push(
      sentence`Without a shared store a session lives in one instance's memory: through round-robin ${clusterShare(facts, "database:memory", "round-robin", "steady", "signed in through round-robin, memory session")} were signed in, and after a restart ${clusterShare(facts, "database:memory", "sticky", "after-restart", "signed in after the instance restarted, memory session")}.`,
    );
  }
  return {
    choice,
    title: titleOf(choice, answers, facts),
    tryIt,
    ...(choice === "hybrid" ? { hybridTtlSeconds: hybridTtl(answers, facts) } : {}),
    reasons,
    runnerUp: { choice: runnerUp, title: titleOf(runnerUp, answers, facts), reason: runnerUpReason(runnerUp, answers, facts) },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Sharing, and the home page's answer

/** A reason as Markdown, each cited value linked to where the lab shows it. */
function reasonMarkdown(reason: Reason, origin: string): string {
  return reason
    .map((part) =>
      typeof part === "string"
        ? part
        : part.kind === "measured"
          ? `[${part.value}](${origin}${part.href})`
          : `(not measured: ${part.why})`,
    )
    .join("");
}

/** The design-document snippet "Copy as Markdown" gives. */
export function recommendationMarkdown(recommendation: Recommendation, shareUrl: string, origin: string): string {
  return [
    `### Session handling: ${recommendation.title}`,
    "",
    `Recommended by the Session vs Token Lab for [these answers](${shareUrl}).`,
    "",
    ...recommendation.reasons.map((reason) => `- ${reasonMarkdown(reason, origin)}`),
    "",
    `**Runner-up:** ${recommendation.runnerUp.title}. ${reasonMarkdown(recommendation.runnerUp.reason, origin)}`,
    "",
  ].join("\n");
}

/** The lab's own answer in two sentences, for the home page: the defaults' recommendation and where tokens earn their place. */
export function labAnswer(facts: ChooseFacts): Reason[] {
  return [
    sentence`For a site called by browser pages, use a server session: a revoked device was signed out everywhere ${revocationWindow(facts, "database", "revocation window, server session, through the balancer")} after the revocation, each read cost PostgreSQL ${storeCpu(facts, "database-lean", "PostgreSQL CPU per 1,000 session reads")} per 1,000 (one store core serves ${storeReadsPerCore(facts, "database-lean")} reads a second), and the cookie is ${cookieSize(facts, "database-lean", "session cookie size")}.`,
    sentence`Tokens earn their place where the caller is not a browser page: a token cookie left a revoked device ${revocationWindow(facts, "jwt", "revocation window, token cookie, through the balancer")} and weighs ${cookieSize(facts, "jwt-lean", "token cookie size")}, while an API checks an OAuth access token with public keys in ${accessTokenVerify(facts)}, with no database.`,
  ];
}
