import "server-only";
import type { NextRequest } from "next/server";
import { guardAuthPosts } from "@/lib/auth/authjs/auth-http-posts";
import { modeFromHeaders } from "@/lib/auth/mode-cookie";
import { nextAuth } from "@/lib/auth/authjs/next-auth-instance";
import { sessionStoreUnavailable } from "@/lib/auth/read/session-store-unavailable";
import { newSessionReadRecord, recordSessionRead, sessionReadOutage } from "@/lib/auth/read/session-read-trace";

export const { signIn, signOut } = nextAuth;
export { sessionStoreUnavailable };
export { getCurrentSession, getCurrentSessionVia } from "@/lib/auth/read/current-session";
export type { CurrentSession, SessionCredential, SignedIn, SignedOut, StoreUnavailable } from "@/lib/auth/read/current-session";
export { requireSession } from "@/lib/auth/read/require-session";

type AuthRouteHandler = (request: NextRequest) => Promise<Response>;

/** Auth.js's own routes, except that a database failure answers 503 instead of clearing the cookie. */
function guardAgainstStoreOutage(handler: AuthRouteHandler): AuthRouteHandler {
  return async (request) => {
    const record = newSessionReadRecord(modeFromHeaders(request.headers));
    const response = await recordSessionRead(record, () => handler(request));
    return sessionReadOutage(record) ? sessionStoreUnavailable() : response;
  };
}

export const handlers = {
  GET: guardAgainstStoreOutage(nextAuth.handlers.GET),
  POST: guardAgainstStoreOutage(guardAuthPosts(nextAuth.handlers.POST)),
};
