import "server-only";
import { getEnv, type Env } from "@/lib/env";
import { modeCookieName, resolveMode, type SessionMode } from "@/lib/auth/mode";
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

/** The mode a request asks for, from its Cookie header; anything unknown means the default. */
export function modeFromHeaders(headers: Pick<Headers, "get">, env: Env = getEnv()): SessionMode {
  return resolveMode(readCookieFromHeader(headers.get("cookie"), modeCookieName(env.secureCookies)), env.AUTH_DEFAULT_MODE);
}
