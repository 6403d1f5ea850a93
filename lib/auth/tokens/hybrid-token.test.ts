import { describe, expect, it } from "vitest";
import { hybridTokenCookieName, sessionCookieName } from "@/lib/auth/cookies";
import { openHybridToken, sealHybridToken } from "@/lib/auth/tokens/hybrid-token";
import { sealSessionToken } from "@/lib/auth/tokens/seal";
import { openSessionToken } from "@/lib/auth/tokens/open";
import { sessionKeyRing } from "@/lib/auth/tokens/keys";

const CURRENT = ["hybrid-test-current-secret-long-enough-00000000"] as const;
const ROTATED = ["hybrid-test-next-secret-long-enough-0000000000", CURRENT[0]] as const;
const STRANGER = ["hybrid-test-stranger-secret-long-enough-00000000"] as const;
const NOW = 2_000_000_000;
const claims = {
  sub: "cuser000000000000000000000",
  sid: "s0123456789abcdef01234567",
  store: "postgres" as const,
  name: "Ada",
  email: "ada@example.com",
  picture: null,
  sch: "0123456789abcdef0123",
  sexp: (NOW + 86_400) * 1000,
  send: (NOW + 86_400) * 1000,
};

describe("hybrid tokens", () => {
  it("open with the claims they were sealed with, until their short life ends", () => {
    const token = sealHybridToken(claims, CURRENT, 60, NOW);
    expect(openHybridToken(token, CURRENT, NOW + 59)).toEqual({
      claims: { ...claims, use: "hybrid", iat: NOW, exp: NOW + 60 },
    });
    // Up to 5 s past its expiry (clock skew between instances) it still opens; after that it is expired, never invalid.
    expect("claims" in openHybridToken(token, CURRENT, NOW + 60 + 4)).toBe(true);
    expect(openHybridToken(token, CURRENT, NOW + 60 + 6)).toEqual({ failure: "expired" });
  });

  it("open after a rotation while the old secret is still listed, and not with a stranger's", () => {
    const token = sealHybridToken(claims, CURRENT, 60, NOW);
    expect("claims" in openHybridToken(token, ROTATED, NOW)).toBe(true);
    expect(openHybridToken(token, STRANGER, NOW)).toEqual({ failure: "invalid" });
  });

  it("are refused when tampered with", () => {
    const token = sealHybridToken(claims, CURRENT, 60, NOW);
    const parts = token.split(".");
    const ciphertext = parts[3]!;
    parts[3] = `${ciphertext.startsWith("A") ? "B" : "A"}${ciphertext.slice(1)}`;
    expect(openHybridToken(parts.join("."), CURRENT, NOW)).toEqual({ failure: "invalid" });
  });

  it("are not jwt-mode tokens, and jwt-mode tokens are not hybrid tokens, in either direction", () => {
    const sessionRing = sessionKeyRing(CURRENT, sessionCookieName(false));
    const jwtModeToken = sealSessionToken({ sub: claims.sub, sid: claims.sid, use: "hybrid" }, sessionRing, NOW + 60, NOW);
    expect(openHybridToken(jwtModeToken, CURRENT, NOW)).toEqual({ failure: "invalid" });
    const hybridToken = sealHybridToken(claims, CURRENT, 60, NOW);
    expect(openSessionToken(hybridToken, sessionRing, NOW)).toBeNull();
  });

  it("need every claim a hybrid read relies on", () => {
    const token = sealHybridToken({ ...claims, sid: "" }, CURRENT, 60, NOW);
    expect(openHybridToken(token, CURRENT, NOW)).toEqual({ failure: "invalid" });
  });

  it("ride in a __Host- cookie over https", () => {
    expect(hybridTokenCookieName(true)).toBe("__Host-lab-hybrid-token");
    expect(hybridTokenCookieName(false)).toBe("lab-hybrid-token");
  });
});
