import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { SessionMode, SessionReadPath } from "@/lib/auth/mode";
import type { ReadStageName } from "@/lib/auth/session/read-stages";

export { READ_STAGE_LABELS, READ_STAGES, readStageKind, type ReadStageName } from "@/lib/auth/session/read-stages";

/** One stage of a read and the time spent in it alone (stages inside it are their own), in ms. */
type ReadStage = { name: ReadStageName; ms: number };

/** The trace of one session read: what it cost, the numbers the account and compare pages and Server-Timing show. */
export type ReadTrace = {
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

/** A trace being written: the trace, and its open stages, innermost last, each with the time its inner stages took. */
type TraceInProgress = { trace: ReadTrace; openStages: { nestedMs: number }[] };

const traces = new AsyncLocalStorage<TraceInProgress>();

export function newReadTrace(mode: SessionMode, path: SessionReadPath = "authjs"): ReadTrace {
  return { mode, path, authMs: 0, dbQueries: 0, dbMs: 0, cookieReissued: false, stages: [] };
}

function addStageTime(trace: ReadTrace, name: ReadStageName, ms: number): void {
  const stage = trace.stages.find((existing) => existing.name === name);
  if (stage) stage.ms += ms;
  else trace.stages.push({ name, ms });
}

/** Runs `read` with `trace` as the trace in progress, and records its duration; time no stage covered is `other`. */
export async function traceRead<T>(trace: ReadTrace, read: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await traces.run({ trace, openStages: [] }, read);
  } finally {
    trace.authMs = performance.now() - started;
    const covered = trace.stages.reduce((sum, stage) => sum + stage.ms, 0);
    addStageTime(trace, "other", Math.max(0, trace.authMs - covered));
  }
}

/** Times `work` as stage `name` of the trace in progress (time spent in stages inside it is theirs); outside a trace it just runs. */
export function timeStage<T>(name: ReadStageName, work: () => T): T {
  const current = traces.getStore();
  if (!current) return work();
  const frame = { nestedMs: 0 };
  current.openStages.push(frame);
  const started = performance.now();
  const finish = () => {
    const elapsed = performance.now() - started;
    current.openStages.pop();
    addStageTime(current.trace, name, elapsed - frame.nestedMs);
    const parent = current.openStages.at(-1);
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

/** Times one database call as the `database` stage of the trace in progress, and counts it, whether it succeeds or not. */
export async function timeDbCall<T>(call: () => Promise<T>): Promise<T> {
  const current = traces.getStore();
  if (!current) return call();
  const started = performance.now();
  try {
    return await timeStage("database", call);
  } finally {
    current.trace.dbQueries += 1;
    current.trace.dbMs += performance.now() - started;
  }
}

/** `Server-Timing` for a session read: `auth` always, `db` when the session store was queried. */
export function serverTimingHeader(trace: ReadTrace): string {
  const entries = [`auth;dur=${trace.authMs.toFixed(3)};desc="${trace.mode}"`];
  if (trace.dbQueries > 0) {
    entries.push(`db;dur=${trace.dbMs.toFixed(3)};desc="${trace.dbQueries} ${trace.dbQueries === 1 ? "query" : "queries"}"`);
  }
  return entries.join(", ");
}
