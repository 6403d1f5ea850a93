import { describe, expect, it } from "vitest";
import { readCookieFromHeader } from "@/lib/auth/cookie-header";

describe("readCookieFromHeader", () => {
  it("finds a cookie among others", () => {
    expect(readCookieFromHeader("a=1; lab-session-mode=jwt; b=2", "lab-session-mode")).toBe("jwt");
  });

  it("does not confuse names that share a prefix", () => {
    expect(readCookieFromHeader("lab-session-mode-old=jwt", "lab-session-mode")).toBeUndefined();
  });

  it.each([null, undefined, "", ";;;", "novalue", "=x", "a=%E0%A4%A"])("survives %j", (header) => {
    expect(() => readCookieFromHeader(header, "a")).not.toThrow();
  });

  it("keeps an undecodable value as it came", () => {
    expect(readCookieFromHeader("a=%E0%A4%A", "a")).toBe("%E0%A4%A");
  });
});
