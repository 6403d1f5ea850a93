import { describe, expect, it } from "vitest";
import {
  bffCookieName,
  bffLoginCookieName,
  chunkSessionCookie,
  clearedProviderSession,
  OIDC_COOKIE_NAMES,
  MODE_COOKIE_NAME,
  modeCookieName,
  modeCookieOptions,
  readCookieFromHeader,
  SESSION_COOKIE_CHUNK_SIZE,
  sessionCookieName,
  sessionCookieOptions,
  sessionCookieParts,
} from "@/lib/auth/cookies";

describe("session cookie", () => {
  it("uses Auth.js's name over http, and a __Host- name with Secure, Path=/ and no Domain over https", () => {
    expect(sessionCookieName(false)).toBe("authjs.session-token");
    expect(sessionCookieName(true)).toBe("__Host-authjs.session-token");
    const options = sessionCookieOptions(true, new Date());
    expect(options).toMatchObject({ secure: true, path: "/", httpOnly: true });
    expect(options).not.toHaveProperty("domain");
  });

  it("keeps a small value in one cookie", () => {
    expect(chunkSessionCookie("s", "abc")).toEqual([{ name: "s", value: "abc" }]);
  });

  it("splits a large value into numbered chunks and reassembles it in order", () => {
    const value = "x".repeat(SESSION_COOKIE_CHUNK_SIZE * 2 + 10);
    const chunks = chunkSessionCookie("s", value);
    expect(chunks.map((chunk) => chunk.name)).toEqual(["s.0", "s.1", "s.2"]);
    const shuffled = [chunks[2]!, { name: "other", value: "1" }, chunks[0]!, { name: "s.x", value: "2" }, chunks[1]!];
    expect(
      sessionCookieParts(shuffled, "s")
        .map((part) => part.value)
        .join(""),
    ).toBe(value);
  });

  it("ignores empty parts and look-alike names", () => {
    const parts = sessionCookieParts(
      [
        { name: "s", value: "" },
        { name: "s-legacy", value: "z" },
        { name: "s.1", value: "b" },
      ],
      "s",
    );
    expect(parts).toEqual([{ name: "s.1", value: "b" }]);
  });
});

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

describe("the backend-for-frontend's cookies", () => {
  it("are lab-bff and lab-bff-login over http, and __Host- over https like the session cookie", () => {
    expect([bffCookieName(false), bffLoginCookieName(false)]).toEqual(["lab-bff", "lab-bff-login"]);
    expect([bffCookieName(true), bffLoginCookieName(true)]).toEqual(["__Host-lab-bff", "__Host-lab-bff-login"]);
  });
});

describe("the OpenID provider's session cookie", () => {
  it("is cleared at sign-out with its signature, and nothing else of the provider's is touched", () => {
    const held = [
      { name: OIDC_COOKIE_NAMES.session, value: "a" },
      { name: `${OIDC_COOKIE_NAMES.session}.sig`, value: "b" },
      { name: OIDC_COOKIE_NAMES.interaction, value: "c" },
      { name: "authjs.session-token", value: "d" },
    ];
    const cleared = clearedProviderSession(held, false);
    expect(cleared.map((cookie) => [cookie.name, cookie.value, cookie.options.maxAge, cookie.options.path])).toEqual([
      [OIDC_COOKIE_NAMES.session, "", 0, "/"],
      [`${OIDC_COOKIE_NAMES.session}.sig`, "", 0, "/"],
    ]);
    expect(clearedProviderSession([{ name: "authjs.session-token", value: "d" }], false)).toEqual([]);
  });
});
