import { describe, expect, it } from "vitest";
import {
  chunkSessionCookie,
  newSessionToken,
  SESSION_COOKIE_CHUNK_SIZE,
  sessionCookieName,
  sessionCookieOptions,
  sessionCookieParts,
} from "@/lib/auth/issue/session-cookie";

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

  it("makes 256-bit random tokens", () => {
    const token = newSessionToken();
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(newSessionToken()).not.toBe(token);
  });
});
