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
 * Every item once per round, for `rounds` rounds, each round starting one place further along, so
 * that no series always follows the same one (the garbage a database series leaves behind, say) and
 * drift over the run (heat, other work on the machine) reaches all of them alike.
 */
export function alternatingSchedule<T>(items: readonly T[], rounds: number): ScheduledRound<T>[] {
  const schedule: ScheduledRound<T>[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (let position = 0; position < items.length; position += 1) {
      schedule.push({ step: schedule.length + 1, round: round + 1, item: items[(round + position) % items.length]! });
    }
  }
  return schedule;
}

/** Seconds per round: the series' whole duration split over the rounds. */
export function roundsFor(durationSeconds: number, requestedRounds: number | undefined): { rounds: number; seconds: number } {
  const rounds = requestedRounds ?? Math.max(1, Math.min(5, Math.floor(durationSeconds)));
  return { rounds, seconds: durationSeconds / rounds };
}
