import { z } from "zod";
import { MODE_COOKIE_NAME, HYBRID_TOKEN_COOKIE } from "@/lib/auth/cookies";
import { resolveSetup, type ModeCookieValue } from "@/lib/auth/mode";

/** `name=value` pairs from Set-Cookie headers, skipping deletions. */
function cookiePairs(response: Response): string[] {
  return response.headers
    .getSetCookie()
    .filter((cookie) => !/Max-Age=0/i.test(cookie))
    .map((cookie) => cookie.split(";")[0] ?? "");
}

/**
 * Signs in over HTTP the way a browser's form post does (CSRF token, then the credentials callback),
 * and returns the Cookie header that browser would send afterwards.
 */
export async function signInOverHttp(
  baseUrl: string,
  /** The mode cookie's value: `jwt`, `database` (PostgreSQL), `database:redis` or `database:memory`. */
  setup: ModeCookieValue,
  email: string,
  password: string,
  extraHeaders: Record<string, string> = {},
): Promise<string> {
  const modeCookie = `${MODE_COOKIE_NAME}=${setup}`;
  const { mode, store } = resolveSetup(setup, "database");
  const csrfResponse = await fetch(new URL("/api/auth/csrf", baseUrl), { headers: { cookie: modeCookie } });
  const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await csrfResponse.json());
  const signIn = await fetch(new URL("/api/auth/callback/credentials", baseUrl), {
    method: "POST",
    redirect: "manual",
    headers: {
      ...extraHeaders,
      cookie: [modeCookie, ...cookiePairs(csrfResponse)].join("; "),
      "content-type": "application/x-www-form-urlencoded",
      // As the sign-in page's form posts it: the front door refuses a sign-in that names no origin.
      origin: new URL(baseUrl).origin,
    },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: new URL("/account", baseUrl).toString() }),
  });
  const session = cookiePairs(signIn).filter((pair) => pair.includes("session-token"));
  if (session.length === 0) throw new Error(`Signing in the benchmark user in ${setup} mode failed (HTTP ${signIn.status})`);
  const cookie = [modeCookie, ...session].join("; ");

  const probe = await fetch(new URL("/api/lab/probe", baseUrl), { headers: { cookie } });
  const body = z.object({ ok: z.boolean(), mode: z.string(), store: z.string().nullable() }).parse(await probe.json());
  if (!body.ok || body.mode !== mode || body.store !== store)
    throw new Error(`The ${setup} session did not authenticate the probe route`);
  return cookie;
}

/** Bytes the session cookie and a hybrid token add to every request (the mode cookie is the same in every series). */
export function sessionCookieBytes(cookieHeader: string): number {
  return cookieHeader
    .split("; ")
    .filter((pair) => pair.includes("session-token") || pair.replace(/^__Host-/, "").startsWith(`${HYBRID_TOKEN_COOKIE}=`))
    .reduce((sum, pair, index) => sum + Buffer.byteLength(pair) + (index > 0 ? 2 : 0), 0);
}

/** Signs out over HTTP as a browser's form post does (CSRF token, then the sign-out endpoint). */
export async function signOutOverHttp(baseUrl: string, cookie: string): Promise<number> {
  const csrfResponse = await fetch(new URL("/api/auth/csrf", baseUrl), { headers: { cookie } });
  const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await csrfResponse.json());
  const response = await fetch(new URL("/api/auth/signout", baseUrl), {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: [cookie, ...cookiePairs(csrfResponse)].join("; "),
      "content-type": "application/x-www-form-urlencoded",
      origin: new URL(baseUrl).origin,
    },
    body: new URLSearchParams({ csrfToken, callbackUrl: new URL("/", baseUrl).toString() }),
  });
  return response.status;
}
