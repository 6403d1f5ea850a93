import { benchRatios, type BenchResults } from "@/lib/lab/bench-results";
import { seriesEstimates, type Estimate } from "@/lib/lab/bench-rounds";
import { inProcessChecks } from "@/lib/lab/bench-targets";
import { storeProjection } from "@/lib/lab/store-projection";
import { formatPerRequest, seriesStoreReads } from "@/lib/lab/store-reads";

const us = (value: number) => `${Math.round(value).toLocaleString("en")} µs`;
const times = (value: number | null | undefined) => (value == null ? "–" : `${value.toFixed(2)}×`);

type StageTimings = NonNullable<BenchResults["readStages"]>[number];

function timingOf(results: BenchResults, mode: StageTimings["mode"], path: StageTimings["path"]) {
  return results.readStages?.find((timing) => timing.mode === mode && timing.path === path);
}

/**
 * What a results file says about each approach's own cost and what the framework adds, in plain
 * sentences with its numbers; a sentence is left out when the file lacks what it needs.
 */
export function benchFindings(results: BenchResults): string[] {
  const { verification } = results;
  const { bySeries } = benchRatios(results.runs);
  const findings: string[] = [];
  const jwtAuthjs = timingOf(results, "jwt", "authjs");
  const jwtLean = timingOf(results, "jwt", "lean");
  if (verification.leanDecrypt) {
    findings.push(
      `Opening a token is cheap by nature: ${us(verification.leanDecrypt.p50Us)} at p50 with a key derived once (A256GCM). Auth.js's decode took ${us(verification.jwtDecrypt.p50Us)}, because it derives the key with HKDF on every call.`,
    );
  }
  if (jwtAuthjs && jwtLean) {
    findings.push(
      `A whole token read took ${us(jwtAuthjs.totalP50Us)} at p50 through Auth.js (it also builds its configuration and re-encrypts the token on every read) and ${us(jwtLean.totalP50Us)} on the lean path, which re-encrypts only when a renewal is due.`,
    );
  }
  if (verification.leanLookup) {
    findings.push(
      `Looking a session up is one round trip: ${us(verification.leanLookup.p50Us)} at p50 for the prepared statement, ${us(verification.sessionLookup.p50Us)} through Prisma.`,
    );
  }
  const dbAuthjs = timingOf(results, "database", "authjs");
  const dbLean = timingOf(results, "database", "lean");
  if (dbAuthjs && dbLean) {
    findings.push(
      `A whole database-session read took ${us(dbAuthjs.totalP50Us)} at p50 through Auth.js and ${us(dbLean.totalP50Us)} on the lean path.`,
    );
  }
  const ratio = (series: keyof typeof bySeries) => bySeries[series]?.vsBaseline;
  if (ratio("jwt-lean") != null && ratio("database-lean") != null) {
    findings.push(
      `Under load, against the unauthenticated baseline: tokens ${times(ratio("jwt-authjs"))} through Auth.js and ${times(ratio("jwt-lean"))} lean; database sessions ${times(ratio("database-authjs"))} through Auth.js and ${times(ratio("database-lean"))} lean.`,
    );
  }
  const hybrid = seriesStoreReads(results, "hybrid-lean");
  const ttl = results.settings.hybridTokenTtlSeconds;
  if (hybrid && ttl !== undefined && ratio("hybrid-lean") != null) {
    const hybridLean = timingOf(results, "hybrid", "lean");
    findings.push(
      `A hybrid read (a ${ttl}-second token in front of a PostgreSQL session) ran at ${times(ratio("hybrid-lean"))} the baseline, beside ${times(ratio("jwt-lean"))} for a token and ${times(ratio("database-lean"))} for a database session, and read the store ${formatPerRequest(hybrid.perRequest)} times per request${hybrid.perConnectionPerRound === undefined ? "" : ` (${hybrid.perConnectionPerRound.toFixed(2)} per connection per round)`}.${hybridLean ? ` In-process, a hybrid read with a valid token took ${us(hybridLean.totalP50Us)} at p50.` : ""}`,
    );
  }
  const storeFinding = storeCostFinding(results);
  if (storeFinding) findings.push(storeFinding);
  const ownCost = ownCostFinding(results);
  if (ownCost) findings.push(ownCost);
  return findings;
}

/** A CPU difference over rounds in words: its median and interval, or that the run could not tell it from none. */
function added(estimate: Estimate): string {
  const interval = `${Math.round(estimate.low)} to ${Math.round(estimate.high)} µs`;
  return estimate.indistinguishable
    ? `an amount indistinguishable from none (median ${Math.round(estimate.median)} µs, 95% interval ${interval})`
    : `${us(estimate.median)} (95% interval ${interval})`;
}

/** What the probe route costs by itself, and what the lean token and PostgreSQL reads add beside their in-process cost (files with rounds). */
function ownCostFinding(results: BenchResults): string | undefined {
  const estimates = seriesEstimates(results);
  const noVerify = estimates.find((row) => row.series === "noverify")?.addedAppUs;
  const checks = new Map(inProcessChecks(results, estimates).map((check) => [check.series, check]));
  const jwt = checks.get("jwt-lean");
  const database = checks.get("database-lean");
  if (!noVerify || !jwt?.addedAppUs || jwt.inProcessUs === null || !database?.addedAppUs || database.inProcessUs === null)
    return undefined;
  return `The probe route alone (a signed-in cookie parsed, no session read) cost ${added(noVerify)} of app CPU per request over the baseline: the harness's share, which earlier runs charged to the reads. Over that route, the lean token read added ${added(jwt.addedAppUs)} (${us(jwt.inProcessUs)} in-process) and the lean PostgreSQL read ${added(database.addedAppUs)} (${us(database.inProcessUs)} in-process).`;
}

const whole = (value: number) => Math.round(value).toLocaleString("en");

/** The stores' CPU per lean read and what one core of each serves, when the file measured CPU. */
function storeCostFinding(results: BenchResults): string | undefined {
  const rows = new Map(storeProjection(results.runs).map((row) => [row.series, row]));
  const postgres = rows.get("database-lean");
  const redis = rows.get("database-redis-lean");
  const check = rows.get("jwt-lean-check");
  if (!postgres?.storeCpuMsPer1k || !postgres.storeRpsPerCore || !redis?.storeCpuMsPer1k || !redis.storeRpsPerCore)
    return undefined;
  const instances = (value: number | null) => (value === null ? "–" : value.toLocaleString("en", { maximumFractionDigits: 1 }));
  const checkPart = check?.storeCpuMsPer1k
    ? ` A token read with the revocation check on cost PostgreSQL ${check.storeCpuMsPer1k} CPU-ms per 1,000 (${instances(check.instancesPerStoreCore)} instances per core); without the check a token needs no store.`
    : "";
  return `Per 1,000 lean session reads under load, PostgreSQL spent ${postgres.storeCpuMsPer1k} CPU-ms and Redis ${redis.storeCpuMsPer1k}: one core of each would serve about ${whole(postgres.storeRpsPerCore)} and ${whole(redis.storeRpsPerCore)} reads a second, ${instances(postgres.instancesPerStoreCore)} and ${instances(redis.instancesPerStoreCore)} instances like this one (a projection).${checkPart}`;
}
