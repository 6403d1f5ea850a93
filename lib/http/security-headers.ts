import { randomBytes } from "node:crypto";

export type SecurityHeaderOptions = {
  /** A fresh nonce for this response's scripts and styles. */
  nonce: string;
  /** Served over https: adds HSTS and upgrade-insecure-requests. */
  https: boolean;
  /** `next dev` evaluates code and injects styles at run time. */
  dev: boolean;
  /** The OpenID provider's consent pages: their form may end, through redirects, at a native client's loopback. */
  loopbackFormRedirects?: boolean;
  /** Other origins the pages may fetch from: the API service, which the single-page app (/spa) calls with a bearer token. */
  connectOrigins?: readonly string[];
};

const NONCE_BYTES = 16;
/** Random bytes are drawn this many nonces at a time: one call into the CSPRNG per 256 responses, not per response. */
const NONCES_PER_DRAW = 256;
let randomPool = Buffer.alloc(0);
let poolOffset = 0;

/** A nonce for one response: 128 random bits, each drawn once and never handed out again. */
export function newNonce(): string {
  if (poolOffset + NONCE_BYTES > randomPool.length) {
    randomPool = randomBytes(NONCE_BYTES * NONCES_PER_DRAW);
    poolOffset = 0;
  }
  const nonce = randomPool.toString("base64", poolOffset, poolOffset + NONCE_BYTES);
  poolOffset += NONCE_BYTES;
  return nonce;
}

/** The Content-Security-Policy: scripts and styles only from this site and with this response's nonce. */
export function contentSecurityPolicy({
  nonce,
  https,
  dev,
  loopbackFormRedirects,
  connectOrigins = [],
}: SecurityHeaderOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...connectOrigins].join(" "),
    "object-src 'none'",
    "base-uri 'none'",
    // Browsers check form-action on every redirect after a post: a consent form ends at a native client's
    // loopback redirect (RFC 8252 §7.3, any port), this person's own machine. Only those pages allow it.
    `form-action 'self'${loopbackFormRedirects ? " http://127.0.0.1:*" : ""}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Every header a response of this site carries, pages and JSON alike. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    // frame-ancestors for current browsers, X-Frame-Options for old ones.
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    // Sign-in links carry a token in the URL: never send a URL to another site.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** A character no policy contains: where the nonce goes in the precomputed policy. */
const NONCE_SLOT = "\u0000";

export type SecurityHeaderTemplate = {
  /** The headers that are the same on every response, as [name, value] pairs. */
  fixed: readonly (readonly [string, string])[];
  /** The Content-Security-Policy with `nonce` in its place(s). */
  policyWith: (nonce: string) => string;
};

/**
 * `securityHeaders` worked out once per server: only the nonce changes from one response to the
 * next, so a request pays for one string join rather than building every header again.
 */
export function securityHeaderTemplate(options: Omit<SecurityHeaderOptions, "nonce">): SecurityHeaderTemplate {
  const withSlot = { ...options, nonce: NONCE_SLOT };
  const fixed = Object.entries(securityHeaders(withSlot)).filter(([name]) => name !== "Content-Security-Policy");
  const parts = contentSecurityPolicy(withSlot).split(NONCE_SLOT);
  return { fixed, policyWith: (nonce) => parts.join(nonce) };
}
