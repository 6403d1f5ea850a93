import "server-only";
import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { MODE_COOKIE_NAME, resolveMode, type SessionMode } from "@/lib/auth/mode";

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

/** Server Components and Actions: the mode from `cookies()`. */
export async function readModeCookie(): Promise<SessionMode> {
  const jar = await cookies();
  return resolveMode(jar.get(MODE_COOKIE_NAME)?.value, getEnv().AUTH_DEFAULT_MODE);
}

/** Route handlers: the mode from the request itself. */
export function modeFromRequest(request: NextRequest): SessionMode {
  return resolveMode(request.cookies.get(MODE_COOKIE_NAME)?.value, getEnv().AUTH_DEFAULT_MODE);
}
