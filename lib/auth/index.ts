import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import NextAuth from "next-auth";
import type { NextApiRequest, NextApiResponse } from "next";
import type { NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { buildAuthConfig } from "@/lib/auth/config";
import { guardAuthPosts } from "@/lib/auth/auth-http-posts";
import { modeFromHeaders } from "@/lib/auth/mode-cookie";
import type { SessionMode } from "@/lib/auth/mode";
import type { SessionDto } from "@/lib/auth/session-dto";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { newAuthTrace, withAuthTrace, type AuthTrace } from "@/lib/lab/auth-trace";

// Auth.js calls this per request. For auth(), signIn() and signOut() from Server Components and
// Actions `req` is undefined; then the mode comes from the headers of the request being served.
const nextAuth = NextAuth(async (req) => buildAuthConfig(modeFromHeaders(req?.headers ?? (await headers()))));

export const { signIn, signOut } = nextAuth;

/** 503 with the cookie untouched: an unreachable session store is not a sign-out. */
export function sessionStoreUnavailable(body: Record<string, unknown> = {}): Response {
  return Response.json(
    { error: "Session store unavailable", ...body },
    { status: 503, headers: { "Retry-After": "5", "Cache-Control": "no-store" } },
  );
}

type AuthRouteHandler = (request: NextRequest) => Promise<Response>;

/** Auth.js's own routes, except that a database failure answers 503 instead of clearing the cookie. */
function guardAgainstStoreOutage(handler: AuthRouteHandler): AuthRouteHandler {
  return async (request) => {
    const trace = newAuthTrace(modeFromHeaders(request.headers));
    const response = await withAuthTrace(trace, () => handler(request));
    return trace.dbError ? sessionStoreUnavailable() : response;
  };
}

export const handlers = {
  GET: guardAgainstStoreOutage(nextAuth.handlers.GET),
  POST: guardAgainstStoreOutage(guardAuthPosts(nextAuth.handlers.POST)),
};

export type CurrentSession = {
  mode: SessionMode;
  session: SessionDto | null;
  trace: AuthTrace;
  /** The Set-Cookie values Auth.js produced for the session cookie (renewal), for route handlers to send. */
  sessionSetCookies: string[];
};

/** This request's session, read once per request, with what the read cost. */
export const getCurrentSession = cache(async (): Promise<CurrentSession> => {
  const requestHeaders = await headers();
  const trace = newAuthTrace(modeFromHeaders(requestHeaders));
  // The API-route form of auth() hands back the cookies Auth.js wants to set; the no-argument form drops them.
  const request = { headers: requestHeaders } as unknown as NextApiRequest;
  const response = { headers: new Headers() } as unknown as NextApiResponse & { headers: Headers };
  const session = (await withAuthTrace(trace, () => nextAuth.auth(request, response))) as SessionDto | null;
  const cookieName = sessionCookieName(getEnv().secureCookies);
  // During an outage Auth.js clears the cookie as if it were invalid; keep it instead.
  const sessionSetCookies = trace.dbError
    ? []
    : response.headers.getSetCookie().filter((cookie) => cookie.startsWith(cookieName));
  trace.cookieReissued = sessionSetCookies.some((cookie) => !/Max-Age=0/i.test(cookie));
  return { mode: trace.mode, session: session?.user?.id ? session : null, trace, sessionSetCookies };
});
