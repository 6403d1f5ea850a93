import type { AuthTrace } from "@/lib/auth/read/session-read-trace";

/** `Server-Timing` for a session read: `auth` always, `db` when the session store was queried. */
export function serverTimingHeader(cost: AuthTrace): string {
  const entries = [`auth;dur=${cost.authMs.toFixed(3)};desc="${cost.mode}"`];
  if (cost.dbQueries > 0) {
    entries.push(`db;dur=${cost.dbMs.toFixed(3)};desc="${cost.dbQueries} ${cost.dbQueries === 1 ? "query" : "queries"}"`);
  }
  return entries.join(", ");
}
