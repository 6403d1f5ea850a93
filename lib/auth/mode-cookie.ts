import "server-only";
import { getEnv } from "@/lib/env";
import { MODE_COOKIE_NAME, resolveMode, type SessionMode } from "@/lib/auth/mode";
import { readCookieFromHeader } from "@/lib/auth/cookie-header";

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

export function modeCookieOptions() {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: getEnv().secureCookies,
    maxAge: ONE_YEAR_SECONDS,
  };
}

/** The mode a request asks for, from its Cookie header; anything unknown means the default. */
export function modeFromHeaders(headers: Pick<Headers, "get">): SessionMode {
  return resolveMode(readCookieFromHeader(headers.get("cookie"), MODE_COOKIE_NAME), getEnv().AUTH_DEFAULT_MODE);
}
