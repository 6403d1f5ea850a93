import type { ReadTrace } from "@/lib/auth/session/trace";

/** `Server-Timing` for a session read: `auth` always, `db` when the session store was queried. */
export function serverTimingHeader(trace: ReadTrace): string {
  const entries = [`auth;dur=${trace.authMs.toFixed(3)};desc="${trace.mode}"`];
  if (trace.dbQueries > 0) {
    entries.push(`db;dur=${trace.dbMs.toFixed(3)};desc="${trace.dbQueries} ${trace.dbQueries === 1 ? "query" : "queries"}"`);
  }
  return entries.join(", ");
}
