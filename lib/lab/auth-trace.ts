import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { SessionMode } from "@/lib/auth/mode";

/** What one `auth()` call did: the numbers the account and compare pages show. */
export type AuthTrace = {
  mode: SessionMode;
  /** Wall time of the whole session read, in ms. */
  authMs: number;
  dbQueries: number;
  dbMs: number;
  /** Set when the session store threw: an outage, not a sign-out. */
  dbError: boolean;
  /** Whether Auth.js re-issued the session cookie while reading the session. */
  cookieReissued: boolean;
  sessionRow?: { id: string; userId: string; expires: Date; createdAt?: Date };
  jwtClaims?: Record<string, unknown>;
};

const storage = new AsyncLocalStorage<AuthTrace>();

export function newAuthTrace(mode: SessionMode): AuthTrace {
  return { mode, authMs: 0, dbQueries: 0, dbMs: 0, dbError: false, cookieReissued: false };
}

/** Runs `read` with `trace` as the current trace, and records its duration. */
export async function withAuthTrace<T>(trace: AuthTrace, read: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await storage.run(trace, read);
  } finally {
    trace.authMs = performance.now() - started;
  }
}

/** The trace of the session read in progress, if any. */
export function currentAuthTrace(): AuthTrace | undefined {
  return storage.getStore();
}

/**
 * Times one database call made on behalf of the session read in progress. A failure marks the read as
 * an outage unless `failureIsOutage` is false: a call the read can do without (a token's renewal check).
 */
export async function traceDbCall<T>(call: () => Promise<T>, { failureIsOutage = true } = {}): Promise<T> {
  const trace = storage.getStore();
  if (!trace) return call();
  const started = performance.now();
  try {
    return await call();
  } catch (error) {
    if (failureIsOutage) trace.dbError = true;
    throw error;
  } finally {
    trace.dbQueries += 1;
    trace.dbMs += performance.now() - started;
  }
}
