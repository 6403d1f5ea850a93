import "server-only";
import { decode, encode, type JWT, type JWTEncodeParams, type JWTOptions } from "next-auth/jwt";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { sealSessionToken } from "@/lib/auth/issue/seal-session-token";
import { sessionKeyRing } from "@/lib/auth/read/session-key-ring";
import { currentSessionRead, timeStage } from "@/lib/auth/read/session-read-trace";

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * When a token must stop working (seconds): AUTH_JWT_MAX_AGE after its last renewal, never after its
 * grant ends. Not renewing keeps this fixed, however often Auth.js re-encrypts the token.
 */
export function tokenExpiresAt(token: JWT, maxAgeSeconds: number): number {
  const lifetimeEnd =
    typeof token.renewedAt === "number"
      ? token.renewedAt + maxAgeSeconds
      : // A token from before renewals were recorded keeps the expiry it came with.
        typeof token.exp === "number"
        ? token.exp
        : nowSeconds() + maxAgeSeconds;
  const grantEnd = typeof token.authTime === "number" ? token.authTime + SESSION_MAX_AGE_SECONDS : lifetimeEnd;
  return Math.min(lifetimeEnd, grantEnd);
}

const secretList = (secret: JWTEncodeParams["secret"]): string[] => (Array.isArray(secret) ? secret : [secret]);

/**
 * Seals a jwt-mode token with the first secret, expiring when `tokenExpiresAt` says. New tokens are
 * A256GCM with keys derived once; only a page or route's read through auth() (measured as Auth.js
 * ships it) re-encrypts with Auth.js's own `encode` (A256CBC-HS512, keys derived per call). Both paths open both.
 */
export async function sealJwt(params: JWTEncodeParams & { maxAge: number }): Promise<{ value: string; expires: Date }> {
  const token = params.token ?? {};
  const expiresAt = tokenExpiresAt(token, params.maxAge);
  const value = currentSessionRead()?.stockAuthjs
    ? // Auth.js's encode sets exp = now + maxAge, so the remaining lifetime is what it gets.
      await timeStage("reissue", () => encode({ ...params, maxAge: expiresAt - nowSeconds() }))
    : sealSessionToken(token, sessionKeyRing(secretList(params.secret), params.salt), expiresAt);
  return { value, expires: new Date(expiresAt * 1000) };
}

/**
 * Auth.js's `jwt` options for jwt mode: re-encrypting on a read no longer pushes the expiry back by
 * itself, and Auth.js's own decode is timed as one stage of its read.
 */
export function jwtModeEncoder(maxAgeSeconds: number): Pick<JWTOptions, "encode" | "decode"> {
  return {
    decode: (params) => timeStage("decrypt", () => decode(params)),
    async encode(params) {
      return (await sealJwt({ ...params, maxAge: params.maxAge ?? maxAgeSeconds })).value;
    },
  };
}
