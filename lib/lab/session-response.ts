import "server-only";
import type { CurrentSession } from "@/lib/auth";
import { serverTimingHeader } from "@/lib/lab/server-timing";

/** A JSON response that carries what the session read cost and, as Auth.js intends, the renewed cookie. */
export function sessionJson(body: unknown, current: CurrentSession, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Server-Timing", serverTimingHeader(current.trace));
  headers.set("Cache-Control", "private, no-store");
  for (const cookie of current.sessionSetCookies) headers.append("Set-Cookie", cookie);
  return Response.json(body, { ...init, headers });
}
