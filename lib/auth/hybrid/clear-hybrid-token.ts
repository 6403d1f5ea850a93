import "server-only";
import { sessionCookieOptions } from "@/lib/auth/issue/session-cookie";
import type { CookieJar } from "@/lib/auth/issue/cookie-jar";
import { hybridTokenCookieName } from "@/lib/auth/hybrid/hybrid-token";

/**
 * Clears the browser's hybrid token, if it has one: once its session is gone or replaced, the token would
 * only be refused. An expired write with the same attributes, so the `__Host-` name goes too.
 */
export function clearHybridToken(jar: CookieJar, secureCookies: boolean): void {
  const name = hybridTokenCookieName(secureCookies);
  if (!jar.getAll().some((cookie) => cookie.name === name)) return;
  jar.set(name, "", { ...sessionCookieOptions(secureCookies, new Date(0)), maxAge: 0 });
}
