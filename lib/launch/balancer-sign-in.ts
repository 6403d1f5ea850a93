import { z } from "zod";
import { MODE_COOKIE_NAME } from "@/lib/auth/cookies";
import { type ModeCookieValue } from "@/lib/auth/mode";
import { createBrowserCookieJar, type BrowserCookieJar } from "@/lib/launch/browser-cookie-jar";

/**
 * Signs in through a load balancer the way a browser's form post does, keeping every cookie a browser would.
 * Unlike the bench's sign-in it does not check the session on a probe: behind round-robin a memory session
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
