import "server-only";
import { decode, encode, type JWTOptions } from "next-auth/jwt";
import { issueDatabaseSession } from "@/lib/auth/session/issue";
import type { SessionStore } from "@/lib/auth/stores";
import { sealJwt, tokenExpiresAt } from "@/lib/auth/tokens/seal";
import { timeStage } from "@/lib/auth/session/trace";
import { currentReadContext } from "@/lib/auth/session/read-context";

/**
 * Auth.js hands a credentials sign-in to `jwt.encode` whatever the strategy, so in database mode the
 * cookie would hold a JWE that no Session row matches. This encoder issues a real session in the browser's store instead
 * and returns its opaque token, which Auth.js then writes as the session cookie.
 */
export function databaseSessionBridge(store: SessionStore): Pick<JWTOptions, "encode"> {
  return {
    async encode({ token, maxAge }) {
      const userId = token?.sub;
      if (!userId) throw new Error("A credentials sign-in arrived without a user id");
      return (await issueDatabaseSession(userId, store, { lifetimeSeconds: maxAge ?? 0 })).value;
    },
  };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Auth.js's `jwt` options for jwt mode: re-encrypting on a read no longer pushes the expiry back by itself,
 * and Auth.js's own decode is timed as one stage of its read. New tokens are A256GCM with keys derived once;
 * only a read through auth() measured as Auth.js ships it re-encrypts with Auth.js's own `encode`
 * (A256CBC-HS512, keys derived per call). Both paths open both.
 */
export function jwtModeEncoder(maxAgeSeconds: number): Pick<JWTOptions, "encode" | "decode"> {
  return {
    decode: (params) => timeStage("decrypt", () => decode(params)),
    async encode(params) {
      const token = params.token ?? {};
      const maxAge = params.maxAge ?? maxAgeSeconds;
      if (currentReadContext()?.sealing === "authjs") {
        // Auth.js's encode sets exp = now + maxAge, so the remaining lifetime is what it gets.
        const expiresAt = tokenExpiresAt(token, maxAge);
        return timeStage("reissue", () => encode({ ...params, maxAge: expiresAt - nowSeconds() }));
      }
      const secrets = Array.isArray(params.secret) ? params.secret : [params.secret];
      return sealJwt(token, { cookieName: params.salt, secrets, maxAgeSeconds: maxAge }).value;
    },
  };
}
