import type { SessionMode } from "@/lib/auth/mode";
import type { BenchResults } from "@/lib/lab/bench-results";
import type { Cell } from "@/lib/lab/cell";
import type { BenchResultsState } from "@/lib/lab/committed-results";
import { formatDuration } from "@/lib/format-duration";
import { formatPerRequest, seriesStoreReads } from "@/lib/lab/store-reads";

const BENCH_COMMAND = "npm run bench -- --duration 10 --connections 20 --out bench/results/latest.json";

function notMeasured(why: string): Cell {
  return { headline: "not measured", detail: `${why} Run \`${BENCH_COMMAND}\`.`, measured: false };
}

const count = (value: number) => value.toLocaleString("en");

/** How long each of the run's rounds lasted, per series. */
const round = (results: BenchResults) =>
  `${Number((results.settings.durationSeconds / results.settings.rounds).toFixed(1))}-second`;

function measuredOn(results: BenchResults): string {
  return `the bench run of ${results.createdAt.slice(0, 10)} (${results.settings.connections} connections, lean reads)`;
}

/** The unbroken hybrid run's store reads per connection per token lifetime, if the file has one. */
export function hybridRefreshOf(results: BenchResults) {
  const run = results.hybridRefresh;
  if (!run || run.seconds <= 0) return undefined;
  return { ...run, perConnectionPerLifetime: run.storeReads / (run.connections * (run.seconds / run.ttlSeconds)) };
}

/**
 * /compare's "Store reads per request" row: what the server reported reading from its store over the
 * committed bench run, per series; the hybrid's also per connection per token lifetime.
 */
export function storeReadCells(state: BenchResultsState, liveTtlSeconds: number): Record<SessionMode, Cell> {
  if (state.status !== "ok") {
    const why = state.status === "missing" ? `${state.file} is missing.` : `${state.file} is not valid (${state.reason}).`;
    return { database: notMeasured(why), jwt: notMeasured(why), hybrid: notMeasured(why) };
  }
  const { results } = state;
  const lacks = `The committed run did not count store reads for this series.`;
  const database = seriesStoreReads(results, "database-lean");
  const jwt = seriesStoreReads(results, "jwt-lean");
  const check = seriesStoreReads(results, "jwt-lean-check");
  const hybrid = seriesStoreReads(results, "hybrid-lean");
  const ttl = results.settings.hybridTokenTtlSeconds;
  const refresh = hybridRefreshOf(results);
  return {
    database: database
      ? {
          headline: `${formatPerRequest(database.perRequest)} per request`,
          detail: `${count(database.reads)} store queries in ${count(database.requests)} reads of a PostgreSQL session, counted from the server's Server-Timing over ${measuredOn(results)}.`,
          measured: true,
        }
      : notMeasured(lacks),
    jwt: jwt
      ? {
          headline: `${formatPerRequest(jwt.perRequest)} per request`,
          detail: `${count(jwt.reads)} store queries in ${count(jwt.requests)} token reads over ${measuredOn(results)}${check ? `; with the revocation check on, ${formatPerRequest(check.perRequest)} per request` : ""}.`,
          measured: true,
        }
      : notMeasured(lacks),
    hybrid:
      hybrid && ttl !== undefined
        ? {
            headline: `${formatPerRequest(hybrid.perRequest)} per request${refresh ? `, ${refresh.perConnectionPerLifetime.toFixed(2)} per connection per token lifetime` : hybrid.perConnectionPerRound === undefined ? "" : `, ${hybrid.perConnectionPerRound.toFixed(2)} per connection per round`}`,
            detail: `${count(hybrid.reads)} store reads in ${count(hybrid.requests)} requests over ${measuredOn(results)}, whose connections kept the token cookie as browsers do and started each ${round(results)} round without one. That run's tokens lived ${formatDuration(ttl)} (AUTH_HYBRID_TOKEN_TTL=${ttl}); like a browser, a connection drops the token cookie when it expires, so one that reads all the time looks the session up about once per ${formatDuration(ttl)}.${refresh ? ` Measured: one unbroken ${refresh.seconds}-second run after the rounds made ${count(refresh.storeReads)} store reads in ${count(refresh.requests)} requests from ${refresh.connections} connections, ${refresh.perConnectionPerLifetime.toFixed(2)} per connection per token lifetime.` : ""} This server's tokens live ${formatDuration(liveTtlSeconds)}.`,
            measured: true,
          }
        : notMeasured(`The committed run has no hybrid series.`),
  };
}
