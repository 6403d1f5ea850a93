import { z } from "zod";
import { MODE_COOKIE_NAME, type SessionSetupValue } from "@/lib/auth/mode";

/** Keeps every cookie a response sets, as a browser does (the load balancer's routing cookie too); Max-Age=0 deletes. */
function keepCookies(jar: Map<string, string>, response: Response) {
  for (const header of response.headers.getSetCookie()) {
    const [pair = ""] = header.split(";");
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    if (/;\s*Max-Age=0/i.test(header)) jar.delete(name);
    else jar.set(name, pair.slice(at + 1).trim());
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

/**
 * Signs in through a load balancer the way a browser's form post does, keeping every cookie a browser would.
 * Unlike the bench's sign-in it does not check the session on a probe: behind round-robin a memory session
 * answers only on the instance that created it, which is what the caller measures. Returns that instance too.
 */
export async function signInThroughBalancer(
  baseUrl: string,
  setup: SessionSetupValue,
  email: string,
  password: string,
): Promise<{ cookie: string; signedInOn: string }> {
  const jar = new Map([[MODE_COOKIE_NAME, setup]]);
  const csrfResponse = await fetch(new URL("/api/auth/csrf", baseUrl), { headers: { cookie: cookieHeader(jar) } });
  keepCookies(jar, csrfResponse);
  const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await csrfResponse.json());
  const signIn = await fetch(new URL("/api/auth/callback/credentials", baseUrl), {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookieHeader(jar), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: new URL("/account", baseUrl).toString() }),
  });
  keepCookies(jar, signIn);
  const signedInOn = signIn.headers.get("x-served-by");
  if (![...jar.keys()].some((name) => name.includes("session-token")) || !signedInOn) {
    throw new Error(`Signing in through the load balancer in ${setup} mode failed (HTTP ${signIn.status})`);
  }
  return { cookie: cookieHeader(jar), signedInOn };
}
