import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { JWT } from "next-auth/jwt";
import type { SessionMode } from "@/lib/auth/mode";
import { callSessionStore, SessionStoreUnavailableError } from "@/lib/db/store-unavailable";

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
  /**
   * Why a store call the read needed failed, if one did. Auth.js swallows it and answers "signed out";
   * the session core answers an outage (SessionStoreUnavailableError) or fails with anything else.
   */
  storeFailure?: unknown;
  sessionRow?: { id: string; expires: Date };
  jwtClaims?: JWT;
};

const storage = new AsyncLocalStorage<SessionReadRecord>();

export function newAuthTrace(mode: SessionMode): AuthTrace {
  return { mode, authMs: 0, dbQueries: 0, dbMs: 0, cookieReissued: false };
}

export function newSessionReadRecord(mode: SessionMode): SessionReadRecord {
  return { trace: newAuthTrace(mode) };
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

/** Whether the read in progress must not answer "signed out": the store failed on a call it needed. */
export function sessionReadOutage(record: SessionReadRecord): SessionStoreUnavailableError | undefined {
  if (record.storeFailure === undefined) return undefined;
  if (record.storeFailure instanceof SessionStoreUnavailableError) return record.storeFailure;
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows whatever a store call threw, unchanged, so the caller sees the original failure
  throw record.storeFailure;
}

/**
 * Times one database call made on behalf of the session read in progress; an outage comes out as
 * SessionStoreUnavailableError. A failure is recorded against the read unless `readNeedsIt` is false:
 * a call the read can do without (a token's renewal check).
 */
export async function traceDbCall<T>(call: () => Promise<T>, { readNeedsIt = true } = {}): Promise<T> {
  const record = storage.getStore();
  if (!record) return callSessionStore(call);
  const started = performance.now();
  try {
    return await callSessionStore(call);
  } catch (error) {
    if (readNeedsIt) record.storeFailure ??= error;
    throw error;
  } finally {
    record.trace.dbQueries += 1;
    record.trace.dbMs += performance.now() - started;
  }
}
