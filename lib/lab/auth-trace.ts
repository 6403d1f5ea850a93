import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { JWT } from "next-auth/jwt";
import type { SessionMode } from "@/lib/auth/mode";

/** What one session read cost: the numbers the account and compare pages show. */
export type AuthTrace = {
  mode: SessionMode;
  /** Wall time of the whole session read, in ms. */
  authMs: number;
  dbQueries: number;
  dbMs: number;
  /** Whether Auth.js re-issued the session cookie while reading the session. */
  cookieReissued: boolean;
};

/** What a session read found on its way through Auth.js, beside its cost; only the session core reads it. */
export type SessionReadRecord = {
  trace: AuthTrace;
  /** Set when the session store failed during the read: an outage, not a sign-out. */
  storeFailed: boolean;
  sessionRow?: { id: string; expires: Date };
  jwtClaims?: JWT;
};

const storage = new AsyncLocalStorage<SessionReadRecord>();

export function newAuthTrace(mode: SessionMode): AuthTrace {
  return { mode, authMs: 0, dbQueries: 0, dbMs: 0, cookieReissued: false };
}

export function newSessionReadRecord(mode: SessionMode): SessionReadRecord {
  return { trace: newAuthTrace(mode), storeFailed: false };
}

/** Runs `read` with `record` as the read in progress, and records its duration. */
export async function recordSessionRead<T>(record: SessionReadRecord, read: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await storage.run(record, read);
  } finally {
    record.trace.authMs = performance.now() - started;
  }
}

/** The session read in progress, if any. */
export function currentSessionRead(): SessionReadRecord | undefined {
  return storage.getStore();
}

/**
 * Times one database call made on behalf of the session read in progress. A failure marks the read as
 * an outage unless `failureIsOutage` is false: a call the read can do without (a token's renewal check).
 */
export async function traceDbCall<T>(call: () => Promise<T>, { failureIsOutage = true } = {}): Promise<T> {
  const record = storage.getStore();
  if (!record) return call();
  const started = performance.now();
  try {
    return await call();
  } catch (error) {
    if (failureIsOutage) record.storeFailed = true;
    throw error;
  } finally {
    record.trace.dbQueries += 1;
    record.trace.dbMs += performance.now() - started;
  }
}
