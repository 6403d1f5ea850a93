import {
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  ReconnectStrategyError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
} from "redis";

// Driver and Prisma codes for "the database did not answer": refused, reset, timed out, shutting down.
const UNREACHABLE_CODES = new Set([
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "57P01",
  "57P03",
]);

// The Redis client's own "did not answer": offline (reconnecting), closed, connect or command timed out, socket dropped.
const REDIS_UNREACHABLE = [
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  ReconnectStrategyError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
];

const UNREACHABLE_MESSAGE = /Can't reach database server|DatabaseNotReachable|Connection terminated|ECONNREFUSED/;

/** The database that holds sessions did not answer: an outage, never a sign-out. */
export class SessionStoreUnavailableError extends Error {
  override readonly name = "SessionStoreUnavailableError";

  constructor(cause: unknown) {
    super("The session store did not answer", { cause });
  }
}

/**
 * The one definition of a store outage: the database or Redis did not answer, as opposed to a query that was
 * wrong. Returns the outage as a SessionStoreUnavailableError, or undefined for any other failure.
 */
export function asSessionStoreUnavailable(error: unknown): SessionStoreUnavailableError | undefined {
  if (error instanceof SessionStoreUnavailableError) return error;
  if (!error || typeof error !== "object") return undefined;
  // The same error from another bundle's copy of this module (Next bundles instrumentation and routes apart).
  if (error instanceof Error && error.name === "SessionStoreUnavailableError") return new SessionStoreUnavailableError(error.cause);
  if (REDIS_UNREACHABLE.some((kind) => error instanceof kind)) return new SessionStoreUnavailableError(error);
  const code = "code" in error ? String(error.code) : "";
  const message = error instanceof Error ? error.message : "";
  return UNREACHABLE_CODES.has(code) || UNREACHABLE_MESSAGE.test(message) ? new SessionStoreUnavailableError(error) : undefined;
}

/** Runs a call to the store; an outage comes out as SessionStoreUnavailableError, any other failure unchanged. */
export async function callSessionStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asSessionStoreUnavailable(error) ?? error;
  }
}
