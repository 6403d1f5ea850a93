import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { JWT } from "next-auth/jwt";
import { callSessionStore, SessionStoreUnavailableError } from "@/lib/db/store-unavailable";
import { timeDbCall } from "@/lib/auth/session/trace";

/**
 * What one session read carries beside its answer, for the code Auth.js calls back during it (the adapter,
 * the callbacks, the encoder), which has no other way to reach the read. Timings are the trace's, not this.
 */
export type ReadContext = {
  /** How a jwt-mode token is re-sealed: with Auth.js's own `encode` (a read through auth() measured as Auth.js ships it), or the lab's. */
  sealing: "authjs" | "lab";
  /** The credential Auth.js's read answered with, handed back by the adapter (a Session row) or the jwt callback (the claims). */
  sessionRow?: { id: string; expires: Date };
  jwtClaims?: JWT;
  /**
   * Why a store call the read needed failed, if one did. Auth.js swallows it and answers "signed out";
   * the session core answers an outage (SessionStoreUnavailableError) or fails with anything else.
   */
  storeFailure?: unknown;
};

const contexts = new AsyncLocalStorage<ReadContext>();

/** Runs `read` with `context` as the read in progress. */
export function withReadContext<T>(context: ReadContext, read: () => Promise<T>): Promise<T> {
  return contexts.run(context, read);
}

/** The read in progress, if any. */
export function currentReadContext(): ReadContext | undefined {
  return contexts.getStore();
}

/** Whether a read must not answer "signed out": the store failed on a call it needed. */
export function readOutage(context: ReadContext): SessionStoreUnavailableError | undefined {
  if (context.storeFailure === undefined) return undefined;
  if (context.storeFailure instanceof SessionStoreUnavailableError) return context.storeFailure;
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows whatever a store call threw, unchanged, so the caller sees the original failure
  throw context.storeFailure;
}

/**
 * One store call made for the read in progress, timed; an outage comes out as SessionStoreUnavailableError.
 * A failure is recorded against the read unless `readNeedsIt` is false: a call the read can do without (a
 * token's renewal check).
 */
export async function readStoreCall<T>(call: () => Promise<T>, { readNeedsIt = true } = {}): Promise<T> {
  try {
    return await timeDbCall(() => callSessionStore(call));
  } catch (error) {
    const context = contexts.getStore();
    if (context && readNeedsIt) context.storeFailure ??= error;
    throw error;
  }
}
