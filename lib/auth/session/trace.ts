import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { SessionMode, SessionReadPath } from "@/lib/auth/mode";

/** The stages a session read is split into, in the order a stacked bar shows them. */
export const READ_STAGES = [
  "config",
  "cookie",
  "keys",
  "decrypt",
  "query",
  "database",
  "mapping",
  "callbacks",
  "reissue",
  "other",
] as const;
export type ReadStageName = (typeof READ_STAGES)[number];

/** What each stage is, on each path; Auth.js does some of them inside one call, which the label says. */
export const READ_STAGE_LABELS: Record<ReadStageName, Record<SessionReadPath, string>> = {
  config: { authjs: "Config and adapter, built per request", lean: "Config" },
  cookie: { authjs: "Cookie parse", lean: "Cookie parse" },
  keys: { authjs: "Key derivation", lean: "Key lookup (derived once)" },
  decrypt: { authjs: "Key derivation (HKDF) and decrypt, in Auth.js's decode", lean: "Decrypt and verify" },
  query: { authjs: "Query build", lean: "Token hash and query build" },
  database: { authjs: "Database calls through Prisma", lean: "Database round trips" },
  mapping: { authjs: "Row mapping", lean: "Row mapping" },
  callbacks: { authjs: "Callbacks", lean: "Grant and renewal checks" },
  reissue: { authjs: "Key derivation and re-encrypt, in Auth.js's encode", lean: "Re-encrypt and Set-Cookie, when due" },
  other: { authjs: "Auth.js's own work (request, cookies, routing)", lean: "Everything else" },
};

/** Whether a stage is the approach's own cost (cryptography, a lookup) or what the framework adds. */
const READ_STAGE_KIND: Record<ReadStageName, "approach" | "framework"> = {
  config: "framework",
  cookie: "framework",
  keys: "approach",
  decrypt: "approach",
  query: "approach",
  database: "approach",
  mapping: "approach",
  callbacks: "framework",
  reissue: "approach",
  other: "framework",
};

/**
 * Whose cost a stage is on a path. Re-encrypting is the approach's work when a token is renewed, but
 * Auth.js re-encrypts on every read whether or not anything changed, so on its path it is the framework's.
 */
export function readStageKind(name: ReadStageName, path: SessionReadPath): "approach" | "framework" {
  return name === "reissue" && path === "authjs" ? "framework" : READ_STAGE_KIND[name];
}

/** One stage of a read and the time spent in it alone (stages inside it are their own), in ms. */
export type ReadStage = { name: ReadStageName; ms: number };

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
