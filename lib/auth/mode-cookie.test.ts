import { describe, expect, it } from "vitest";
import { MODE_COOKIE_NAME, modeCookieName } from "@/lib/auth/mode";
import { modeCookieOptions } from "@/lib/auth/mode-cookie";

describe("the mode cookie", () => {
  it("keeps its plain name over http", () => {
    expect(modeCookieName(false)).toBe(MODE_COOKIE_NAME);
    expect(modeCookieOptions(false)).toMatchObject({ secure: false, path: "/" });
  });

  it("is __Host- over https, with what that prefix demands: Secure, Path=/ and no Domain", () => {
    expect(modeCookieName(true)).toBe("__Host-lab-session-mode");
    const options = modeCookieOptions(true);
    expect(options).toMatchObject({ secure: true, path: "/", httpOnly: true });
    expect(options).not.toHaveProperty("domain");
  });
});
