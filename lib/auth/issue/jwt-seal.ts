import "server-only";
import { encode, type JWT, type JWTEncodeParams, type JWTOptions } from "next-auth/jwt";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";

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

/** Encrypts a jwt-mode token with the first secret, expiring when `tokenExpiresAt` says (Auth.js's own format). */
export async function sealJwt(params: JWTEncodeParams & { maxAge: number }): Promise<{ value: string; expires: Date }> {
  const expiresAt = tokenExpiresAt(params.token ?? {}, params.maxAge);
  // Auth.js's encode sets exp = now + maxAge, so the remaining lifetime is what it gets.
  const value = await encode({ ...params, maxAge: expiresAt - nowSeconds() });
  return { value, expires: new Date(expiresAt * 1000) };
}

/** Auth.js's `jwt.encode` for jwt mode: re-encrypting on a read no longer pushes the expiry back by itself. */
export function jwtModeEncoder(maxAgeSeconds: number): Pick<JWTOptions, "encode"> {
  return {
    async encode(params) {
      return (await sealJwt({ ...params, maxAge: params.maxAge ?? maxAgeSeconds })).value;
    },
  };
}
