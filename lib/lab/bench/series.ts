import { defined } from "@/lib/defined";
import type { BenchSeries } from "@/lib/lab/bench-results";
import type { SessionMode } from "@/lib/auth/mode";

/** One series of the bench: which server, which route, signed in in which mode (or not at all). */
export type SeriesPlan = { series: BenchSeries; server: "site" | "bare"; route: string; signedIn: SessionMode | null };

/**
 * What `npm run bench` loads. The bare app is the reference for the baseline; the four session
 * series read the same cookies through Auth.js and through the lean path.
 */
export const SERIES_PLANS: readonly SeriesPlan[] = [
  { series: "baseline", server: "site", route: "/api/lab/baseline", signedIn: null },
  { series: "jwt-authjs", server: "site", route: "/api/lab/probe/authjs", signedIn: "jwt" },
  { series: "database-authjs", server: "site", route: "/api/lab/probe/authjs", signedIn: "database" },
  { series: "jwt-lean", server: "site", route: "/api/lab/probe/lean", signedIn: "jwt" },
  { series: "database-lean", server: "site", route: "/api/lab/probe/lean", signedIn: "database" },
  { series: "bare", server: "bare", route: "/api/lab/baseline", signedIn: null },
];

export type ScheduledRound<T> = { step: number; round: number; item: T };

/**
 * The order of `count` series in round `round` (from 0), as a row of a balanced Latin square
 * (Williams design): each series runs at every position, and, over `count` rounds (an even count),
 * follows every other series exactly once. So no series always runs right after the same one (a
 * session series that leaves the machine busier, say), and drift over the run reaches all alike.
 */
export function balancedOrder(count: number, round: number): number[] {
  const first = Array.from({ length: count }, (_, index) => (index % 2 === 0 ? (count - index / 2) % count : (index + 1) / 2));
  return first.map((value) => (value + round) % count);
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

/**
 * Rounds and seconds per round: the series' whole duration split over one round per series (so the
 * balanced order completes), or fewer when the duration is shorter than a second per round.
 */
export function roundsFor(
  durationSeconds: number,
  seriesCount: number,
  requestedRounds: number | undefined,
): { rounds: number; seconds: number } {
  const rounds = requestedRounds ?? Math.max(1, Math.min(seriesCount, Math.floor(durationSeconds)));
  return { rounds, seconds: durationSeconds / rounds };
}
