import "server-only";
import type { NextRequest } from "next/server";
import { guardAuthPosts } from "@/lib/auth/authjs/auth-http-posts";
import { readSessionCookie } from "@/lib/auth/cookies";
import { getEnv } from "@/lib/env";
import { nextAuth } from "@/lib/auth/authjs/next-auth-instance";
import { sessionStoreUnavailable } from "@/lib/auth/read/session-store-unavailable";
import { readOutage, withReadContext, type ReadContext } from "@/lib/auth/session/read-context";

export const { signIn, signOut } = nextAuth;
export { sessionStoreUnavailable };
export { getCurrentSession, getCurrentSessionVia } from "@/lib/auth/read/current-session";
export type { CurrentSession, SessionCredential, SignedIn, SignedOut, StoreUnavailable } from "@/lib/auth/read/current-session";
export { requireSession } from "@/lib/auth/read/require-session";

type AuthRouteHandler = (request: NextRequest) => Promise<Response>;

/** Auth.js's own routes, except that a database failure answers 503 instead of clearing the cookie. */
function guardAgainstStoreOutage(handler: AuthRouteHandler): AuthRouteHandler {
  return async (request) => {
    const context: ReadContext = { sealing: "lab" };
    const response = await withReadContext(context, () => handler(request));
    return readOutage(context) ? sessionStoreUnavailable() : response;
  };
}

/**
 * Auth.js's routes read the first of two session cookies; the app's read trusts neither. A request carrying
 * the session cookie twice is signed out here too: its session is `null`, and it may not sign anyone out.
 */
function refuseDuplicatedSessionCookie(handler: AuthRouteHandler): AuthRouteHandler {
  return async (request) => {
    if (!readSessionCookie(request.headers, getEnv().secureCookies).duplicated) return handler(request);
    const headers = { "Cache-Control": "private, no-store" };
    const { pathname } = request.nextUrl;
    if (request.method === "GET" && pathname.endsWith("/session")) return Response.json(null, { headers });
    if (request.method === "POST" && pathname.endsWith("/signout"))
      return Response.json({ error: "The session cookie was sent more than once: sign in again" }, { status: 401, headers });
    return handler(request);
  };
}

export const handlers = {
  GET: guardAgainstStoreOutage(refuseDuplicatedSessionCookie(nextAuth.handlers.GET)),
  POST: guardAgainstStoreOutage(refuseDuplicatedSessionCookie(guardAuthPosts(nextAuth.handlers.POST))),
};
