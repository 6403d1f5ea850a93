import "server-only";
import { getEnv, type Env } from "@/lib/env";
import { modeCookieName, resolveSetup, type SessionMode, type SessionSetup } from "@/lib/auth/mode";
import { readCookieFromHeader } from "@/lib/auth/cookie-header";

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

/** `__Host-` needs exactly these over https: Secure, Path=/ and no Domain. */
export function modeCookieOptions(secure = getEnv().secureCookies) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure,
    maxAge: ONE_YEAR_SECONDS,
  };
}

/** The mode and store a request asks for, from its Cookie header; anything unknown means the default. */
export function setupFromHeaders(headers: Pick<Headers, "get">, env: Env = getEnv()): SessionSetup {
  return resolveSetup(readCookieFromHeader(headers.get("cookie"), modeCookieName(env.secureCookies)), env.AUTH_DEFAULT_MODE);
}

/** The mode a request asks for, from its Cookie header; anything unknown means the default. */
export function modeFromHeaders(headers: Pick<Headers, "get">, env: Env = getEnv()): SessionMode {
  return setupFromHeaders(headers, env).mode;
}
