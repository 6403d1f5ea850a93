import { describe, expect, it } from "vitest";
import { newSessionToken } from "@/lib/auth/tokens/opaque-token";

describe("session cookie", () => {
  it("makes 256-bit random tokens", () => {
    const token = newSessionToken();
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(newSessionToken()).not.toBe(token);
  });
});
