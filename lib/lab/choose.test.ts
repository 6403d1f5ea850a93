import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { benchRatios, benchResultsSchema, type BenchResults, type BenchSeries } from "@/lib/lab/bench-results";
import { clusterResultsSchema, type ClusterResults } from "@/lib/lab/cluster-results";
import { attackResultsSchema, type AttackResults } from "@/lib/lab/attack-results";
import { storeProjection } from "@/lib/lab/store-projection";
import { formatDuration } from "@/lib/format-duration";
import {
  answersQuery,
  answersSchema,
  DEFAULT_ANSWERS,
  figure,
  labAnswer,
  recommend,
  recommendationMarkdown,
  seconds,
  STORE_CORE_BUDGET,
  type Answers,
  type ChooseFacts,
  type Citation,
  type Reason,
} from "@/lib/lab/choose";

const committed = <T>(file: string, schema: { parse: (json: unknown) => T }): T =>
  schema.parse(JSON.parse(readFileSync(file, "utf8")));

/** Facts built from the committed results files, deep-copied so each test may change them. */
function committedFacts(): ChooseFacts & {
  bench: { results: BenchResults };
  cluster: { results: ClusterResults };
  attacks: { results: AttackResults };
} {
  return {
    bench: { status: "ok", results: committed("bench/results/latest.json", benchResultsSchema) },
    cluster: { status: "ok", results: committed("bench/results/cluster.json", clusterResultsSchema) },
    attacks: { status: "ok", results: committed("bench/results/attacks.json", attackResultsSchema) },
    live: { hybridTokenTtlSeconds: 60, accessTokenTtlSeconds: 300, jwtMaxAgeSeconds: 3600, jwtRevocationCheck: false },
  };
}

const answers = (overrides: Partial<Answers>): Answers => ({ ...DEFAULT_ANSWERS, ...overrides });

const citations = (reasons: readonly Reason[]) =>
  reasons.flatMap((reason) => reason.filter((part): part is Citation => typeof part !== "string"));

/** The value of one cited fact, by its id; fails when the answer does not cite it. */
function cited(reasons: readonly Reason[], id: string): string {
  const citation = citations(reasons).find((candidate) => candidate.id === id);
  expect(citation, `cites ${id}`).toBeDefined();
  expect(citation?.kind).toBe("measured");
  return citation?.kind === "measured" ? citation.value : "";
}

function runOf(facts: ReturnType<typeof committedFacts>, series: BenchSeries) {
  const run = facts.bench.results.runs.find((candidate) => candidate.series === series);
  if (!run) throw new Error(`the committed run has no ${series} series`);
  return run;
}

function windowOf(facts: ReturnType<typeof committedFacts>, setup: "database" | "jwt" | "hybrid") {
  const window = facts.cluster.results.revocationWindows?.find((candidate) => candidate.setup === setup);
  if (!window) throw new Error(`the committed cluster check has no ${setup} window`);
  return window;
}

/** The PostgreSQL session read's projected store capacity in the committed run, for sizing a peak above the budget. */
function postgresReadsPerCore(facts: ReturnType<typeof committedFacts>): number {
  const row = storeProjection(facts.bench.results.runs).find((candidate) => candidate.series === "database-lean");
  if (!row?.storeRpsPerCore) throw new Error("the committed run has no PostgreSQL store projection");
  return row.storeRpsPerCore;
}

describe("the answers from a query string", () => {
  it("falls back to the defaults on missing or bad values, and never throws", () => {
    expect(answersSchema.parse({})).toEqual(DEFAULT_ANSWERS);
    expect(
      answersSchema.parse({
        callers: ["robots", "spa"],
        revocation: "eventually",
        instances: "-3",
        sharedStore: ["redis", "postgres"],
        peakRps: "lots",
        outage: "",
      }),
    ).toEqual({ ...DEFAULT_ANSWERS, callers: ["spa"] });
    expect(answersSchema.parse({ callers: "nothing-valid", peakRps: "2.5" }).callers).toEqual(DEFAULT_ANSWERS.callers);
  });

  it("round-trips through the shareable query string", () => {
    const chosen = answers({
      callers: ["pages", "cli"],
      revocation: "at-once",
      instances: 4,
      sharedStore: "redis",
      peakRps: 12000,
      outage: "reads-briefly",
    });
    const query = Object.fromEntries(
      [...new URLSearchParams(answersQuery(chosen)).keys()].map((key) => {
        const values = new URLSearchParams(answersQuery(chosen)).getAll(key);
        return [key, values.length > 1 ? values : values[0]];
      }),
    );
    expect(answersSchema.parse(query)).toEqual(chosen);
  });
});

describe("one recommendation per distinct answer, each citing the results' values", () => {
  it("browser pages, revoked within a minute, PostgreSQL at a modest peak: a server session in PostgreSQL", () => {
    const facts = committedFacts();
    // A peak well inside the store budget at the committed run's cost, whatever that run measured.
    const peakRps = Math.max(1, Math.floor((postgresReadsPerCore(facts) * STORE_CORE_BUDGET) / 4));
    const chosen = answers({ peakRps, instances: 2 });
    const before = recommend(chosen, facts);
    expect(before.choice).toBe("session-postgres");
    expect(before.runnerUp.choice).toBe("hybrid");
    expect(before.tryIt).toBe("/settings?mode=database");
    expect(cited(before.reasons, "revocation-window-database")).toBe(
      seconds(windowOf(facts, "database").signedOutAfterSeconds ?? Number.NaN),
    );
    expect(cited(before.reasons, "cookie-bytes-database-lean")).toBe(`${runOf(facts, "database-lean").cookieBytes} bytes`);

    // The citation follows the file: change the run's values and the answer's numbers change with them.
    windowOf(facts, "database").signedOutAfterSeconds = 0.25;
    runOf(facts, "database-lean").cookieBytes = 99;
    const cpu = runOf(facts, "database-lean").cpuMs;
    if (!cpu) throw new Error("the committed run read no CPU");
    const storeCpuBefore = cited(before.reasons, "store-cpu-database-lean");
    cpu.postgres *= 2;
    const after = recommend(chosen, facts);
    expect(cited(after.reasons, "revocation-window-database")).toBe("0.25 s");
    expect(cited(after.reasons, "cookie-bytes-database-lean")).toBe("99 bytes");
    expect(cited(after.reasons, "store-cpu-database-lean")).not.toBe(storeCpuBefore);
    expect(cited(after.reasons, "store-cores-database-lean")).toBe(figure(peakRps / postgresReadsPerCore(facts), 2));
  });

  it("browser pages, revoked at once, Redis: a server session in Redis, with the projection at the person's rate", () => {
    const facts = committedFacts();
    const chosen = answers({ revocation: "at-once", sharedStore: "redis", peakRps: 8000, instances: 4 });
    const recommendation = recommend(chosen, facts);
    expect(recommendation.choice).toBe("session-redis");
    expect(recommendation.runnerUp.choice).toBe("session-postgres");
    expect(recommendation.tryIt).toBe("/settings?mode=database:redis");
    const redis = storeProjection(facts.bench.results.runs).find((row) => row.series === "database-redis-lean");
    if (!redis?.storeRpsPerCore) throw new Error("the committed run has no Redis projection");
    expect(cited(recommendation.reasons, "instances-per-store-core-database-redis-lean")).toBe(
      figure(redis.storeRpsPerCore / 2000),
    );
    const roundRobin = facts.cluster.results.scenarios.find(
      (scenario) => scenario.setup === "database:redis" && scenario.routing === "round-robin",
    );
    if (!roundRobin) throw new Error("the committed cluster check has no Redis round-robin scenario");
    expect(cited(recommendation.reasons, "cluster-share-database:redis-steady")).toBe(
      `${roundRobin.signedIn} of ${roundRobin.requests} requests`,
    );

    roundRobin.signedIn = 123;
    const redisRun = runOf(facts, "database-redis-lean");
    redisRun.rps = redisRun.rps / 2;
    const after = recommend(chosen, facts);
    expect(cited(after.reasons, "cluster-share-database:redis-steady")).toBe(`123 of ${roundRobin.requests} requests`);
    expect(cited(after.reasons, "instances-per-store-core-database-redis-lean")).toBe(
      cited(recommendation.reasons, "instances-per-store-core-database-redis-lean"),
    );
  });

  it("browser pages, revoked within the token's lifetime: a token cookie", () => {
    const facts = committedFacts();
    const chosen = answers({ revocation: "token-lifetime", outage: "reads-throughout" });
    const recommendation = recommend(chosen, facts);
    expect(recommendation.choice).toBe("token-cookie");
    expect(recommendation.runnerUp.choice).toBe("hybrid");
    expect(recommendation.tryIt).toBe("/settings?mode=jwt");
    const jwt = windowOf(facts, "jwt");
    expect(cited(recommendation.reasons, "revocation-window-jwt")).toContain(
      `${jwt.signedInAfter.toLocaleString("en")} of ${jwt.requestsAfter.toLocaleString("en")} requests`,
    );
    expect(cited(recommendation.reasons, "cookie-bytes-jwt-lean")).toBe(`${runOf(facts, "jwt-lean").cookieBytes} bytes`);
    expect(cited(recommendation.reasons, "jwt-max-age")).toBe("1 hour");

    runOf(facts, "jwt-lean").cookieBytes = 2048;
    jwt.signedInAfter = 7;
    const after = recommend(chosen, { ...facts, live: { ...facts.live, jwtMaxAgeSeconds: 900 } });
    expect(cited(after.reasons, "cookie-bytes-jwt-lean")).toBe("2,048 bytes");
    expect(cited(after.reasons, "revocation-window-jwt")).toContain(`7 of ${jwt.requestsAfter.toLocaleString("en")} requests`);
    expect(cited(after.reasons, "jwt-max-age")).toBe("15 minutes");
  });

  it("browser pages, revoked within a minute, at a peak past the store budget: the hybrid with a one-minute token", () => {
    const facts = committedFacts();
    const peakRps = Math.ceil(postgresReadsPerCore(facts) * STORE_CORE_BUDGET) + 1000;
    const chosen = answers({ peakRps });
    const recommendation = recommend(chosen, facts);
    expect(recommendation.choice).toBe("hybrid");
    expect(recommendation.hybridTtlSeconds).toBe(60);
    expect(recommendation.runnerUp.choice).toBe("session-postgres");
    expect(recommendation.tryIt).toBe("/settings?mode=hybrid");
    const hybrid = runOf(facts, "hybrid-lean");
    expect(cited(recommendation.reasons, "revocation-window-hybrid")).toBe(
      seconds(windowOf(facts, "hybrid").signedOutAfterSeconds ?? Number.NaN),
    );
    expect(cited(recommendation.reasons, "store-reads-hybrid-lean")).toBe(
      ((hybrid.storeReads ?? Number.NaN) / hybrid.requests).toPrecision(2),
    );
    expect(cited(recommendation.reasons, "hybrid-ttl")).toBe("1 minute");
    const benchTtl = facts.bench.results.settings.hybridTokenTtlSeconds;
    if (benchTtl === undefined) throw new Error("the committed run has no hybrid series");
    expect(cited(recommendation.reasons, "bench-hybrid-ttl")).toBe(formatDuration(benchTtl));

    hybrid.storeReads = hybrid.requests / 2;
    facts.bench.results.settings.hybridTokenTtlSeconds = 30;
    windowOf(facts, "hybrid").signedOutAfterSeconds = 30.5;
    const after = recommend(chosen, { ...facts, live: { ...facts.live, hybridTokenTtlSeconds: 30 } });
    expect(cited(after.reasons, "store-reads-hybrid-lean")).toBe("0.50");
    expect(cited(after.reasons, "bench-hybrid-ttl")).toBe("30 seconds");
    expect(cited(after.reasons, "revocation-window-hybrid")).toBe("30.5 s");
    expect(cited(after.reasons, "hybrid-ttl")).toBe("30 seconds");
    // Below the budget the same answers keep the server session.
    expect(recommend(answers({ peakRps: 10 }), facts).choice).toBe("session-postgres");
  });

  it("phones and command-line tools: OAuth tokens verified with public keys", () => {
    const facts = committedFacts();
    const chosen = answers({ callers: ["pages", "mobile", "cli"], revocation: "at-once" });
    const recommendation = recommend(chosen, facts);
    expect(recommendation.choice).toBe("oauth");
    expect(recommendation.runnerUp.choice).toBe("session-postgres");
    const oauth = facts.bench.results.oauth;
    if (!oauth) throw new Error("the committed run has no OAuth measurements");
    expect(cited(recommendation.reasons, "access-token-verify")).toBe(`${figure(oauth.accessTokenVerify.p50Us)} µs`);
    expect(cited(recommendation.reasons, "access-token-ttl")).toBe("5 minutes");
    // The ratio /compare's bench table shows for the same run.
    const apiShare = () => `${benchRatios(facts.bench.results.runs).bySeries["api-local"]?.vsBaseline?.toFixed(2) ?? "none"}×`;
    expect(cited(recommendation.reasons, "throughput-api-local")).toBe(apiShare());
    expect(citations(recommendation.reasons).map((citation) => citation.id)).toContain("throughput-api-introspect");

    oauth.accessTokenVerify.p50Us = 42;
    runOf(facts, "api-local").rps = runOf(facts, "api-none").rps / 4;
    const after = recommend(chosen, { ...facts, live: { ...facts.live, accessTokenTtlSeconds: 120 } });
    expect(cited(after.reasons, "access-token-verify")).toBe("42 µs");
    expect(cited(after.reasons, "throughput-api-local")).toBe(apiShare());
    expect(cited(after.reasons, "access-token-ttl")).toBe("2 minutes");
  });

  it("a single-page app: the backend-for-frontend, citing the attack table", () => {
    const facts = committedFacts();
    const chosen = answers({ callers: ["pages", "spa"] });
    const recommendation = recommend(chosen, facts);
    expect(recommendation.choice).toBe("bff");
    expect(recommendation.runnerUp.choice).toBe("oauth");
    expect(recommendation.tryIt).toBe("/spa?storage=bff");
    const row = (id: string) => facts.attacks.results.rows.find((candidate) => candidate.id === id);
    const yesNo = (value: boolean | undefined) => (value ? "yes" : "no");
    expect(cited(recommendation.reasons, "attack-local-usableOffDevice")).toBe(yesNo(row("local")?.usableOffDevice.value));
    expect(cited(recommendation.reasons, "attack-bff-usableOffDevice")).toBe(yesNo(row("bff")?.usableOffDevice.value));

    const bff = row("bff");
    if (!bff) throw new Error("the committed attack run has no bff row");
    bff.usableOffDevice.value = !bff.usableOffDevice.value;
    expect(cited(recommend(chosen, facts).reasons, "attack-bff-usableOffDevice")).toBe(yesNo(bff.usableOffDevice.value));
  });
});

describe("when a results file is missing", () => {
  it("says which file instead of citing a value", () => {
    const facts: ChooseFacts = {
      ...committedFacts(),
      cluster: { status: "missing", file: "bench/results/cluster.json" },
      bench: { status: "invalid", file: "bench/results/latest.json", reason: "it is not valid JSON" },
    };
    const recommendation = recommend(DEFAULT_ANSWERS, facts);
    const window = citations(recommendation.reasons).find((citation) => citation.id === "revocation-window-database");
    expect(window).toEqual({
      kind: "missing",
      id: "revocation-window-database",
      of: "revocation window, server session, through the balancer",
      why: "bench/results/cluster.json is missing",
    });
    const cookie = citations(recommendation.reasons).find((citation) => citation.id === "cookie-bytes-database-lean");
    expect(cookie).toMatchObject({ kind: "missing", why: "bench/results/latest.json could not be read (it is not valid JSON)" });
  });
});

describe("sharing and the home page", () => {
  it("writes the recommendation as Markdown with every cited value linked", () => {
    const facts = committedFacts();
    const recommendation = recommend(DEFAULT_ANSWERS, facts);
    const shareUrl = `http://lab.example/choose?${answersQuery(DEFAULT_ANSWERS)}`;
    const markdown = recommendationMarkdown(recommendation, shareUrl, "http://lab.example");
    expect(markdown).toContain(`### Session handling: ${recommendation.title}`);
    expect(markdown).toContain(`[these answers](${shareUrl})`);
    expect(markdown).toContain(`**Runner-up:** ${recommendation.runnerUp.title}.`);
    expect(markdown).toContain(
      `[${seconds(windowOf(facts, "database").signedOutAfterSeconds ?? Number.NaN)}](http://lab.example/compare#claim-revocation)`,
    );
  });

  it("states the lab's answer with the session's and the token's measured values", () => {
    const facts = committedFacts();
    const sentences = labAnswer(facts);
    expect(sentences).toHaveLength(2);
    expect(cited(sentences, "cookie-bytes-database-lean")).toBe(`${runOf(facts, "database-lean").cookieBytes} bytes`);
    expect(cited(sentences, "store-reads-per-core-database-lean")).toBe(postgresReadsPerCore(facts).toLocaleString("en"));
    runOf(facts, "jwt-lean").cookieBytes = 777;
    expect(cited(labAnswer(facts), "cookie-bytes-jwt-lean")).toBe("777 bytes");
  });
});
