import "server-only";
import type { SessionSetup } from "@/lib/auth/mode";
import { sessionStoreFor } from "@/lib/auth/stores";
import { consumeDatabaseSession } from "@/lib/auth/devices/session-store";
import { consumeIssuedToken, grantIsCurrent } from "@/lib/auth/devices/issued-tokens";
import { grantEndsAt } from "@/lib/auth/session-lifetime";

/**
 * Ends the credential being switched away from, atomically, and returns when its person originally
 * signed in; throws when it was no longer valid (revoked, ended, or consumed by a parallel switch).
 */
export async function retireCredentialForSwitch(
  setup: SessionSetup,
  cookieValue: string,
  claims: Record<string, unknown> | undefined,
): Promise<Date> {
  // A hybrid session is a database session: its token in front is only a cache of it.
  if (setup.mode !== "jwt") {
    const retired = await consumeDatabaseSession(cookieValue, sessionStoreFor(setup.store));
    if (!retired) throw new Error("The session was revoked or already switched");
    if (grantEndsAt(retired.authenticatedAt).getTime() <= Date.now()) throw new Error("The session's sign-in has ended");
    return retired.authenticatedAt;
  }
  // A revoked token still reads as signed in while the check is off; it must not buy a fresh credential.
  const authTime = claims?.authTime;
  if (typeof authTime !== "number" || !grantIsCurrent(authTime)) throw new Error("The token's grant has ended");
  if (!(await consumeIssuedToken(claims?.sid))) throw new Error("The token's grant was revoked or already switched");
  return new Date(authTime * 1000);
}
