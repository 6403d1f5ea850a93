import { setupOfMode } from "@/lib/auth/mode";
import { Auth } from "@auth/core";
import { encode, decode, type JWT } from "next-auth/jwt";
import { parseEnv, type Env } from "@/lib/env-schema";
import { buildAuthConfig } from "@/lib/auth/authjs/config";
import { sessionCookieName } from "@/lib/auth/cookies";

/** The app's environment with some variables changed, as a server started with them would parse it. */
export function envWith(overrides: Record<string, string>): Env {
  return parseEnv({ ...process.env, ...overrides });
}

/** A jwt-mode cookie value, sealed with `secret` as Auth.js does, expiring `maxAge` seconds from now. */
export function sealTestToken(token: JWT, secret: string, maxAge: number, secure = false): Promise<string> {
  return encode({ token, secret, salt: sessionCookieName(secure), maxAge });
}

/** Opens a jwt-mode cookie value with these secrets, or null when none of them opens it. */
export function openTestToken(value: string, secrets: string | string[], secure = false): Promise<JWT | null> {
  return decode({ token: value, secret: secrets, salt: sessionCookieName(secure) }).catch(() => null);
}

/**
 * One `GET /api/auth/session` through Auth.js itself, configured exactly as the app configures it for
 * jwt mode under `env`: what it answers, and the session cookie it sets.
 */
export async function readJwtSession(env: Env, cookieValue: string) {
  const origin = env.AUTH_URL ?? "http://localhost:3000";
  const name = sessionCookieName(env.secureCookies);
  const response = await Auth(new Request(`${origin}/api/auth/session`, { headers: { cookie: `${name}=${cookieValue}` } }), {
    ...buildAuthConfig(setupOfMode("jwt"), env),
    basePath: "/api/auth",
    trustHost: true,
  });
  const setCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  const reissued = setCookie?.slice(name.length + 1).split(";")[0] ?? "";
  const body: unknown = await response.json();
  return { body, setCookie, reissued };
}
