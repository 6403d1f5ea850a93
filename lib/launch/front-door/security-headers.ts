import { randomBytes } from "node:crypto";

export type SecurityHeaderOptions = {
  /** A fresh nonce for this response's scripts and styles. */
  nonce: string;
  /** Served over https: adds HSTS and upgrade-insecure-requests. */
  https: boolean;
  /** `next dev` evaluates code and injects styles at run time. */
  dev: boolean;
};

/** A nonce for one response: 128 random bits. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/** The Content-Security-Policy: scripts and styles only from this site and with this response's nonce. */
export function contentSecurityPolicy({ nonce, https, dev }: SecurityHeaderOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
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
