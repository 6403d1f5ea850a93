import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps a same-site path with its query and hash", () => {
    expect(safeRedirectPath("/account?tab=1#top")).toBe("/account?tab=1#top");
  });

  it.each([
    "https://evil.com",
    "//evil.com",
    "/\\evil.com",
    "/\t/evil.com",
    "/\n/evil.com",
    "javascript:alert(1)",
    "",
    undefined,
    42,
  ])("sends %j to the fallback", (value) => {
    expect(safeRedirectPath(value, "/account")).toBe("/account");
  });

  it("keeps an encoded tab as an inert same-site path", () => {
    expect(new URL(safeRedirectPath("/%09/evil.com"), "http://site.test").origin).toBe("http://site.test");
  });
});
