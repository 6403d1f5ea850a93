import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, securityHeaderTemplate, securityHeaders } from "@/lib/http/security-headers";

describe("securityHeaders", () => {
  it("allows scripts only with this response's nonce, and no framing", () => {
    const policy = contentSecurityPolicy({ nonce: "abc123==", https: false, dev: false });
    expect(policy).toContain("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(policy).toContain("style-src 'self' 'nonce-abc123=='");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain("unsafe");
  });

  it("lets pages fetch from this site and the API service's origin only", () => {
    expect(contentSecurityPolicy({ nonce: "n", https: false, dev: false })).toContain("connect-src 'self';");
    const policy = contentSecurityPolicy({ nonce: "n", https: false, dev: false, connectOrigins: ["http://localhost:3100"] });
    expect(policy).toContain("connect-src 'self' http://localhost:3100;");
  });

  it("adds HSTS only over https", () => {
    expect(securityHeaders({ nonce: "n", https: false, dev: false })).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders({ nonce: "n", https: true, dev: false })["Strict-Transport-Security"]).toMatch(/^max-age=\d{7,}/);
  });

  it("sets the framing, sniffing, referrer and permissions headers", () => {
    const headers = securityHeaders({ nonce: "n", https: false, dev: false });
    expect(headers).toMatchObject({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
    });
    expect(headers["Permissions-Policy"]).toContain("camera=()");
  });

  it("makes a new 128-bit nonce each time", () => {
    const first = newNonce();
    expect(Buffer.from(first, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(first);
  });
});

describe("securityHeaderTemplate", () => {
  it.each([
    { https: false, dev: false },
    { https: true, dev: false },
    { https: false, dev: true },
    { https: false, dev: false, connectOrigins: ["http://localhost:3100"] },
  ])("gives the same headers as securityHeaders for %o", (options) => {
    const template = securityHeaderTemplate(options);
    const nonce = newNonce();
    expect({ ...Object.fromEntries(template.fixed), "Content-Security-Policy": template.policyWith(nonce) }).toEqual(
      securityHeaders({ ...options, nonce }),
    );
  });
});

describe("newNonce", () => {
  it("never repeats, across several draws from the random source", () => {
    const nonces = Array.from({ length: 2000 }, () => newNonce());
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
