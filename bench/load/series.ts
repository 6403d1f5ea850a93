import { defined } from "@/lib/defined";
import type { BenchSeries } from "@/lib/lab/bench-results";
import type { ModeCookieValue } from "@/lib/auth/mode";

/**
 * The servers a series can load: the site, the bare reference app, a second server of the same build
 * with AUTH_JWT_REVOCATION_CHECK=on (a deployment setting, so it needs its own process) whose provider
 * issues reference tokens, and two API services: one verifying the site's JWTs with its JWKS, one
 * introspecting the second server's reference tokens on every request (API_TOKEN_CHECK=introspect).
 */
export type BenchServer = "site" | "bare" | "check" | "api" | "api-introspect";

/** One series of the bench: which server, which route, signed in with which mode cookie (or not at all). */
export type SeriesPlan = {
  series: BenchSeries;
  server: BenchServer;
  route: string;
  signedIn: ModeCookieValue | null;
  /** Each connection keeps the cookies the server sets and sends them back, as a browser does (the hybrid token). */
  keepsCookies?: true;
  /**
   * A token cookie the server renews (every 5 min): connections keep what the server sets, and each round starts
   * from the newest cookie the last one ended with, as a browser does. Without it, every read after the first
   * renewal age would renew again (a grant lookup, a re-encrypt, a Set-Cookie), and the series would measure that.
   */
  renewsCookie?: true;
  /** Sends `Authorization: Bearer` with an access token from this server's provider. */
  bearerFrom?: "site" | "check";
};

/**
 * What `npm run bench` loads. The bare app is the reference for the baseline; the four session
 * series read the same cookies through Auth.js and through the lean path. Redis, memory and the
 * token with its revocation check are read on the lean path only, which keeps the run short and
 * compares the stores with nothing of Auth.js's around them. The hybrid series' connections keep the
 * short-lived token the server sets, as browsers do, so most of its reads are token hits. The API
 * service's two ways of checking a bearer token each run beside the same process answering without
 * one. The no-verification series loads the lean probe's route, with the token cookie the token series
 * sends, minus the session read: what each approach costs beyond the probe itself. Fifteen series: an
 * odd count, which the balanced order handles by pairing each row with its reverse.
 */
export const SERIES_PLANS: readonly SeriesPlan[] = [
  { series: "baseline", server: "site", route: "/api/lab/baseline", signedIn: null },
  { series: "noverify", server: "site", route: "/api/lab/probe/noverify", signedIn: "jwt" },
  { series: "jwt-authjs", server: "site", route: "/api/lab/probe/authjs", signedIn: "jwt", renewsCookie: true },
  { series: "database-authjs", server: "site", route: "/api/lab/probe/authjs", signedIn: "database" },
  { series: "jwt-lean", server: "site", route: "/api/lab/probe/lean", signedIn: "jwt", renewsCookie: true },
  { series: "database-lean", server: "site", route: "/api/lab/probe/lean", signedIn: "database" },
  { series: "database-redis-lean", server: "site", route: "/api/lab/probe/lean", signedIn: "database:redis" },
  { series: "database-memory-lean", server: "site", route: "/api/lab/probe/lean", signedIn: "database:memory" },
  { series: "hybrid-lean", server: "site", route: "/api/lab/probe/lean", signedIn: "hybrid", keepsCookies: true },
  { series: "jwt-lean-check", server: "check", route: "/api/lab/probe/lean", signedIn: "jwt", renewsCookie: true },
  { series: "bare", server: "bare", route: "/api/lab/baseline", signedIn: null },
  { series: "api-none", server: "api", route: "/health", signedIn: null },
  { series: "api-local", server: "api", route: "/me", signedIn: null, bearerFrom: "site" },
  { series: "api-introspect-none", server: "api-introspect", route: "/health", signedIn: null },
  { series: "api-introspect", server: "api-introspect", route: "/me", signedIn: null, bearerFrom: "check" },
];

export type ScheduledRound<T> = { step: number; round: number; item: T };

/**
 * The order of `count` series in round `round` (from 0), as a row of a balanced Latin square
 * (Williams design): each series runs at every position, and, over `count` rounds (an even count),
 * follows every other series exactly once. So no series always runs right after the same one (a
 * session series that leaves the machine busier, say), and drift over the run reaches all alike. An
 * odd count has no such square: there, rounds come in pairs, a row and then the same row reversed,
 * and over `2 × count` rounds each series follows every other exactly twice and sits at every
 * position twice.
 */
export function balancedOrder(count: number, round: number): number[] {
  const row = count % 2 === 0 ? round : Math.floor(round / 2);
  const first = Array.from({ length: count }, (_, index) => (index % 2 === 0 ? (count - index / 2) % count : (index + 1) / 2));
  const order = first.map((value) => (value + row) % count);
  return count % 2 === 1 && round % 2 === 1 ? order.reverse() : order;
}

/** Every item once per round, for `rounds` rounds, each round in its balanced order. */
export function alternatingSchedule<T>(items: readonly T[], rounds: number): ScheduledRound<T>[] {
  const schedule: ScheduledRound<T>[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const index of balancedOrder(items.length, round)) {
      schedule.push({ step: schedule.length + 1, round: round + 1, item: defined(items[index], `series ${index}`) });
    }
  }
  return schedule;
}

/** A round long enough that its CPU and throughput are more than the noise of one scheduler slice. */
const MIN_ROUND_SECONDS = 3;

/**
 * Rounds and seconds per round: the series' whole duration split into rounds of at least
 * `MIN_ROUND_SECONDS` (as many as asked for, if they fit, or else as many as do), and at least one
 * round of that length when the duration is shorter.
 */
export function roundsFor(durationSeconds: number, requestedRounds: number | undefined): { rounds: number; seconds: number } {
  const fitting = Math.max(1, Math.floor(durationSeconds / MIN_ROUND_SECONDS));
  const rounds = Math.min(requestedRounds ?? fitting, fitting);
  return { rounds, seconds: Math.max(MIN_ROUND_SECONDS, durationSeconds / rounds) };
}
