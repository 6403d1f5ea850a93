import { hostileString, HOSTILE_EMAILS } from "./hostile-values";
import type { Random } from "./random";
import { rawRequest } from "./raw-http";
import type { FuzzTally } from "./tally";

/** The host a forged header names: it must never come back in a redirect or a page. */
const FORGED_HOST = "forged-host.evil.example";

const CATEGORY = "forwarded headers, untrusted peer";

/** Values a client may write in the forwarded headers, to a server that believes no proxy. */
function forwardedHeaders(random: Random): Record<string, string> {
  const choices: Record<string, readonly string[]> = {
    "x-forwarded-for": [
      "127.0.0.1",
      "::1",
      "203.0.113.66",
      "127.0.0.1, 203.0.113.66",
      "unknown",
      "2001:db8::/32",
      "1".repeat(5000),
    ],
    "x-forwarded-host": [FORGED_HOST, `${FORGED_HOST}:443`, "[not a host", "localhost:1", `localhost@${FORGED_HOST}`],
    "x-forwarded-proto": ["https", "javascript", "ht tp", ""],
    "x-forwarded-port": ["443", "-1", "99999"],
    forwarded: [`for=127.0.0.1;host=${FORGED_HOST};proto=https`, 'for="[::1]"', "for=;;;", `host="${FORGED_HOST}"`],
    // The front door's own verdict header: a client's copy must mean nothing.
    "x-lab-loopback-client": ["1", "true"],
  };
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(choices)) {
    const roll = random.int(4);
    if (roll === 0) continue;
    headers[name] = roll === 3 ? hostileString(random, 40) : random.pick(values);
  }
  // At least one forged host in every request, so each one tests that it is not believed.
  headers["x-forwarded-host"] ??= FORGED_HOST;
  return headers;
}

/**
 * Forwarded headers sent straight to a server that is behind no trusted proxy: none of them may change
 * which host or scheme the site believes it is (no forged host in a redirect or page), who the client
 * is, or whether a session is granted. Same bars as every other fuzz input.
 */
export async function fuzzForwardedHeaders(options: {
  origin: string;
  random: Random;
  tally: FuzzTally;
  csrf: { token: string; cookie: string };
  count: number;
}) {
  const { origin, random, tally, csrf } = options;
  const targets = [
    { path: "/" },
    { path: "/signin?callbackUrl=%2Faccount" },
    { path: "/account" },
    { path: "/dev/outbox" },
    { path: "/api/me" },
    { path: "/api/auth/session" },
    { path: "/api/auth/signin" },
    { path: "/api/auth/signout" },
    { path: "/api/auth/providers" },
    { path: "/api/auth/callback/nodemailer?token=forged&email=ada%40example.com" },
    { path: "/api/auth/callback/credentials", post: true },
  ];
  for (let index = 0; index < options.count; index += 1) {
    const target = targets[index % targets.length]!;
    const headers = forwardedHeaders(random);
    const label = `${target.path} ${Object.keys(headers).join("+")} #${index}`;
    const body = target.post
      ? new URLSearchParams({
          csrfToken: csrf.token,
          email: random.pick(HOSTILE_EMAILS),
          password: "not the password 1",
        }).toString()
      : undefined;
    const response = await rawRequest(`${origin}${target.path}`, {
      method: target.post ? "POST" : "GET",
      headers: target.post
        ? { ...headers, origin, cookie: csrf.cookie, "content-type": "application/x-www-form-urlencoded" }
        : headers,
      body,
    });
    tally.record({ category: CATEGORY, label, status: response.status, body: response.body });
    if (response.setCookies.some((cookie) => /^(?:__Secure-|__Host-)?authjs\.session-token(?:\.\d+)?=[^;]+/.test(cookie))) {
      tally.problem(CATEGORY, label, "a session cookie was set");
    }
    if ((response.location ?? "").includes(FORGED_HOST)) tally.problem(CATEGORY, label, "redirected to the forged host");
    if (response.body.includes(FORGED_HOST)) tally.problem(CATEGORY, label, "the forged host is in the page");
  }
}
