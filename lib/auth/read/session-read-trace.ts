import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { JWT } from "next-auth/jwt";
import type { SessionMode } from "@/lib/auth/mode";
import type { SessionReadPath } from "@/lib/auth/read/session-read-path";
import type { ReadStageName } from "@/lib/auth/read/read-stages";
import { callSessionStore, SessionStoreUnavailableError } from "@/lib/db/store-unavailable";

/** One stage of a read and the time spent in it alone (stages inside it are their own), in ms. */
export type ReadStage = { name: ReadStageName; ms: number };

/** What one session read cost: the numbers the account and compare pages show. */
export type AuthTrace = {
  mode: SessionMode;
  path: SessionReadPath;
  /** Wall time of the whole session read, in ms. */
  authMs: number;
  dbQueries: number;
  dbMs: number;
  /** Whether the read re-issued the session cookie. */
  cookieReissued: boolean;
  /** Where the time went, stage by stage, in the order each stage first ran; `other` is what no stage covers. */
  stages: ReadStage[];
};

/** What a session read found on its way, beside its cost; only the session core reads it. */
export type SessionReadRecord = {
  trace: AuthTrace;
  /**
   * Why a store call the read needed failed, if one did. Auth.js swallows it and answers "signed out";
   * the session core answers an outage (SessionStoreUnavailableError) or fails with anything else.
   */
  storeFailure?: unknown;
  sessionRow?: { id: string; expires: Date };
  jwtClaims?: JWT;
  /** A read through auth() as Auth.js ships it, re-encrypting with its own `encode`; every other read seals as the lab does. */
  stockAuthjs?: boolean;
  /** Open stages, innermost last, each with the time its inner stages took. */
  openStages: { nestedMs: number }[];
};

const storage = new AsyncLocalStorage<SessionReadRecord>();

export function newAuthTrace(mode: SessionMode, path: SessionReadPath = "authjs"): AuthTrace {
  return { mode, path, authMs: 0, dbQueries: 0, dbMs: 0, cookieReissued: false, stages: [] };
}

export function newSessionReadRecord(mode: SessionMode, path: SessionReadPath = "authjs"): SessionReadRecord {
  return { trace: newAuthTrace(mode, path), openStages: [] };
}

function addStageTime(trace: AuthTrace, name: ReadStageName, ms: number): void {
  const stage = trace.stages.find((existing) => existing.name === name);
  if (stage) stage.ms += ms;
  else trace.stages.push({ name, ms });
}

/** Runs `read` with `record` as the read in progress, and records its duration; time no stage covered is `other`. */
export async function recordSessionRead<T>(record: SessionReadRecord, read: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await storage.run(record, read);
  } finally {
    const { trace } = record;
    trace.authMs = performance.now() - started;
    const covered = trace.stages.reduce((sum, stage) => sum + stage.ms, 0);
    addStageTime(trace, "other", Math.max(0, trace.authMs - covered));
  }
}

/** The session read in progress, if any. */
export function currentSessionRead(): SessionReadRecord | undefined {
  return storage.getStore();
}

/** Times `work` as stage `name` of the read in progress (time spent in stages inside it is theirs); outside a read it just runs. */
export function timeStage<T>(name: ReadStageName, work: () => T): T {
  const record = storage.getStore();
  if (!record) return work();
  const frame = { nestedMs: 0 };
  record.openStages.push(frame);
  const started = performance.now();
  const finish = () => {
    const elapsed = performance.now() - started;
    record.openStages.pop();
    addStageTime(record.trace, name, elapsed - frame.nestedMs);
    const parent = record.openStages.at(-1);
    if (parent) parent.nestedMs += elapsed;
  };
  let result: T;
  try {
    result = work();
  } catch (error) {
    finish();
    throw error;
  }
  if (result instanceof Promise) return result.finally(finish) as T;
  finish();
  return result;
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
    return await timeStage("database", () => callSessionStore(call));
  } catch (error) {
    if (readNeedsIt) record.storeFailure ??= error;
    throw error;
  } finally {
    record.trace.dbQueries += 1;
    record.trace.dbMs += performance.now() - started;
  }
}
