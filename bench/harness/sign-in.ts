import { z } from "zod";
import { MODE_COOKIE_NAME, HYBRID_TOKEN_COOKIE } from "@/lib/auth/cookies";
import { resolveSetup, type ModeCookieValue } from "@/lib/auth/mode";
import { createBrowserCookieJar, type BrowserCookieJar } from "@/bench/harness/browser-cookie-jar";

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

/**
 * Signs in through a load balancer the way a browser's form post does, keeping every cookie a browser would.
 * Unlike the bench's sign-in it does not check the session on the probe route: behind round-robin a memory session
 * answers only on the instance that created it, which is what the caller measures. Returns that instance too,
 * and the jar, for a caller that goes on as that browser (keeping the hybrid token each read re-issues).
 */
export async function signInThroughBalancer(
  baseUrl: string,
  setup: ModeCookieValue,
  email: string,
  password: string,
): Promise<{ cookie: string; signedInOn: string; jar: BrowserCookieJar }> {
  const jar = createBrowserCookieJar({ [MODE_COOKIE_NAME]: setup });
  const csrfResponse = await fetch(new URL("/api/auth/csrf", baseUrl), { headers: { cookie: jar.header() } });
  jar.keep(csrfResponse);
  const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await csrfResponse.json());
  const signIn = await fetch(new URL("/api/auth/callback/credentials", baseUrl), {
    method: "POST",
    redirect: "manual",
    // As the sign-in page's form posts it: the front door refuses a sign-in that names no origin.
    headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded", origin: new URL(baseUrl).origin },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: new URL("/account", baseUrl).toString() }),
  });
  jar.keep(signIn);
  const signedInOn = signIn.headers.get("x-served-by");
  if (!jar.header().includes("session-token") || !signedInOn) {
    throw new Error(`Signing in through the load balancer in ${setup} mode failed (HTTP ${signIn.status})`);
  }
  return { cookie: jar.header(), signedInOn, jar };
}
