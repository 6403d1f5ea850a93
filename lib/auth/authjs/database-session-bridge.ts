import "server-only";
import type { JWTOptions } from "next-auth/jwt";
import { issueDatabaseSession } from "@/lib/auth/issue/issue-credentials";
import type { SessionStore } from "@/lib/auth/stores";

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
