import "server-only";
import { sessionStoreUnavailable, type CurrentSession } from "@/lib/auth";
import { serverTimingHeader } from "@/lib/lab/server-timing";

/**
 * A JSON response that carries what the session read cost and, as Auth.js intends, the renewed cookie;
 * or 503 when the session store failed, whatever the route meant to say.
 */
export function sessionJson(body: unknown, current: CurrentSession, init: ResponseInit = {}): Response {
  if (current.status === "store-unavailable") {
    const outage = sessionStoreUnavailable({ mode: current.mode });
    outage.headers.set("Server-Timing", serverTimingHeader(current.cost));
    return outage;
  }
  const headers = new Headers(init.headers);
  headers.set("Server-Timing", serverTimingHeader(current.cost));
  headers.set("Cache-Control", "private, no-store");
  for (const cookie of current.sessionSetCookies) headers.append("Set-Cookie", cookie);
  return Response.json(body, { ...init, headers });
}
