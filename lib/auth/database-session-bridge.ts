import "server-only";
import type { Adapter } from "next-auth/adapters";
import type { JWTOptions } from "next-auth/jwt";
import { newSessionToken } from "@/lib/auth/session-cookie";

/**
 * Auth.js hands a credentials sign-in to `jwt.encode` whatever the strategy, so in database mode the
 * cookie would hold a JWE that no Session row matches. This encoder creates a real Session row instead
 * and returns its opaque token, which Auth.js then writes as the session cookie.
 */
export function databaseSessionBridge(adapter: Adapter): Pick<JWTOptions, "encode"> {
  return {
    async encode({ token, maxAge }) {
      const userId = token?.sub;
      if (!userId || !adapter.createSession) throw new Error("A credentials sign-in arrived without a user id");
      const sessionToken = newSessionToken();
      const lifetimeSeconds = maxAge ?? 0;
      await adapter.createSession({ sessionToken, userId, expires: new Date(Date.now() + lifetimeSeconds * 1000) });
      return sessionToken;
    },
  };
}
