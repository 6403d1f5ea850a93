import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";

const SITE = "http://site.test";

/** Where a browser on this site would actually go for a Location header of `path`. */
const landsOn = (path: string) => new URL(path, `${SITE}/signin`).origin;

describe("safeRedirectPath", () => {
  it.each(["/account", "/account?tab=1#top", "/sessions?notice=revoked", "/a/../settings", "/%2F%2Fevil.example"])(
    "keeps the same-site path %j",
    (value) => {
      const path = safeRedirectPath(value, "/fallback");
      expect(path).not.toBe("/fallback");
      expect(landsOn(path)).toBe(SITE);
    },
  );

  it("normalises dot segments instead of passing them through", () => {
    expect(safeRedirectPath("/a/../settings")).toBe("/settings");
  });

  const hostile = [
    // Dot segments that collapse to a protocol-relative URL.
    "/.//evil.example",
    "/..//evil.example",
    "/%2e//evil.example",
    "/%2E//evil.example",
    "/%2e%2e//evil.example",
    "/a/..//evil.example",
    "/a/b/../..//evil.example",
    "/././/evil.example",
    "/.%2e//evil.example",
    // Protocol-relative and backslashes.
    "//evil.example",
    "///evil.example",
    "////evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    // Tabs, newlines and other control characters that browsers strip.
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\u0000/evil.example",
    "/\u007f/evil.example",
    "/\t\t/evil.example",
    // Schemes and absolute URLs.
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.example",
    "http://evil.example/account",
    "https:evil.example",
    "http:/evil.example",
    "//evil.example@site.test",
    "https://site.test@evil.example",
    // Not a path at all.
    "evil.example",
    "",
    " /account",
  ];

  it.each(hostile)("sends %j to the fallback", (value) => {
    expect(safeRedirectPath(value, "/fallback")).toBe("/fallback");
  });

  it("has a table of at least 30 hostile targets", () => {
    expect(hostile.length).toBeGreaterThanOrEqual(30);
  });

  it.each([undefined, null, 42, ["/account"], { path: "/account" }])("sends the non-string %j to the fallback", (value) => {
    expect(safeRedirectPath(value, "/fallback")).toBe("/fallback");
  });

  it("keeps an encoded tab as an inert same-site path", () => {
    expect(landsOn(safeRedirectPath("/%09/evil.example"))).toBe(SITE);
  });
});
