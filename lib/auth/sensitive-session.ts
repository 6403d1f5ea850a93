import "server-only";
import { getCurrentSession, type CurrentSession } from "@/lib/auth";
import { currentDevice } from "@/lib/auth/current-device";
import type { CurrentDevice } from "@/lib/auth/devices";
import { grantIsCurrent, grantStanding } from "@/lib/auth/issued-tokens";
import { isStoreUnreachable } from "@/lib/db/store-errors";

export type SensitiveSession =
  | { status: "signed-in"; userId: string; device: CurrentDevice; current: CurrentSession }
  /** A token whose grant was revoked: still readable while the revocation check is off, but it may change nothing. */
  | { status: "revoked"; current: CurrentSession }
  | { status: "signed-out"; current: CurrentSession }
  | { status: "store-unavailable"; current: CurrentSession };

/**
 * The session for anything that changes state or shows other devices (better-auth's "sensitive
 * session"): never taken on the cookie's word. A token's grant is read live from the database, not
 * revoked and not ended, whatever AUTH_JWT_REVOCATION_CHECK says; a database session was just looked up.
 */
export async function getSensitiveSession(): Promise<SensitiveSession> {
  const current = await getCurrentSession();
  if (current.trace.dbError) return { status: "store-unavailable", current };
  if (!current.session) return { status: "signed-out", current };
  const device = currentDevice(current);
  if (current.mode === "jwt") {
    if (!grantIsCurrent(current.trace.jwtClaims?.authTime)) return { status: "signed-out", current };
    try {
      const standing = await grantStanding(device.tokenSid);
      if (standing !== "live") return { status: standing === "revoked" ? "revoked" : "signed-out", current };
    } catch (error) {
      if (isStoreUnreachable(error)) return { status: "store-unavailable", current };
      throw error;
    }
  }
  return { status: "signed-in", userId: current.session.user.id, device, current };
}
