import "server-only";
import { SessionStoreUnavailableError } from "@/lib/db/store-unavailable";
import { appendSetCookies } from "@/lib/auth/cookies";
import type { CurrentSession } from "@/lib/auth/session/types";
import { serverTimingHeader } from "@/lib/auth/session/trace";
import { getSensitiveSession, type SensitiveSession } from "@/lib/auth/current-session";

/** 503 with the cookie untouched: an unreachable session store is not a sign-out. */
export function sessionStoreUnavailable(body: Record<string, unknown> = {}): Response {
  return Response.json(
    { error: "Session store unavailable", ...body },
    { status: 503, headers: { "Retry-After": "5", "Cache-Control": "no-store" } },
  );
}

/**
 * A JSON response that carries what the session read cost and, as Auth.js intends, the renewed cookie;
 * or 503 when the session store failed, whatever the route meant to say.
 */
export function sessionJson(body: unknown, current: CurrentSession, init: ResponseInit = {}): Response {
  if (current.status === "store-unavailable") {
    const outage = sessionStoreUnavailable({ mode: current.mode });
    outage.headers.set("Server-Timing", serverTimingHeader(current.trace));
    return outage;
  }
  const headers = new Headers(init.headers);
  headers.set("Server-Timing", serverTimingHeader(current.trace));
  headers.set("Cache-Control", "private, no-store");
  appendSetCookies(headers, current.sessionSetCookies);
  return Response.json(body, { ...init, headers });
}

/**
 * Runs a JSON route that changes devices for a sensitive session (never the cookie's word): 401 signed out or
 * revoked, 503 when the store does not answer, before or during `work`.
 */
export async function withSensitiveSession(
  revokedError: string,
  work: (access: Extract<SensitiveSession, { status: "signed-in" }>) => Promise<Response>,
): Promise<Response> {
  const access = await getSensitiveSession();
  if (access.status === "store-unavailable") return sessionStoreUnavailable();
  if (access.status === "revoked") return sessionJson({ error: revokedError }, access.current, { status: 401 });
  if (access.status === "signed-out") return sessionJson({ error: "Not signed in" }, access.current, { status: 401 });
  try {
    return await work(access);
  } catch (error) {
    // A jwt-mode caller is authenticated without the database; the change itself still needs it.
    if (error instanceof SessionStoreUnavailableError) return sessionStoreUnavailable();
    throw error;
  }
}
