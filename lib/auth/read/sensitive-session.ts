import "server-only";
import { redirect } from "next/navigation";
import { getCurrentSession, type SignedIn, type SignedOut, type StoreUnavailable } from "@/lib/auth/read/current-session";
import { signInPath, type CallbackPath } from "@/lib/auth/read/require-session";
import { deviceOfCredential } from "@/lib/auth/devices/current-device";
import type { CurrentDevice } from "@/lib/auth/devices/devices";
import { grantIsCurrent, grantStanding } from "@/lib/auth/devices/issued-tokens";
import { SessionStoreUnavailableError } from "@/lib/db/store-unavailable";
import { headers } from "next/headers";
import { getEnv } from "@/lib/env";
import { sessionStoreFor } from "@/lib/auth/stores";
import { hybridSessionStands } from "@/lib/auth/hybrid/hybrid-token-read";

export type SensitiveSession =
  | { status: "signed-in"; userId: string; device: CurrentDevice; current: SignedIn }
  /**
   * A token whose grant was revoked (still readable while the revocation check is off), or a hybrid token whose
   * session was (readable until the token ends): either may change nothing.
   */
  | { status: "revoked"; current: SignedIn }
  | { status: "signed-out"; current: SignedIn | SignedOut }
  | { status: "store-unavailable"; current: SignedIn | StoreUnavailable };

/**
 * The session for anything that changes state or shows other devices (better-auth's "sensitive
 * session"): never taken on the cookie's word. A token's grant is read live from the database, not
 * revoked and not ended, whatever AUTH_JWT_REVOCATION_CHECK says; a session a hybrid token answered for
 * is looked up in its store now; any other server session was just looked up.
 */
export async function getSensitiveSession(): Promise<SensitiveSession> {
  const current = await getCurrentSession();
  if (current.status === "signed-out") return { status: "signed-out", current };
  if (current.status === "store-unavailable") return { status: "store-unavailable", current };
  const { credential } = current;
  if (credential.kind === "session" && credential.fromHybridToken && current.store) {
    try {
      const stands = await hybridSessionStands(await headers(), credential, sessionStoreFor(current.store), getEnv());
      // Sending it to sign in would bounce it back: it still reads as signed in until its token ends.
      if (!stands) return { status: "revoked", current };
    } catch (error) {
      if (error instanceof SessionStoreUnavailableError) return { status: "store-unavailable", current };
      throw error;
    }
  }
  if (credential.kind === "token") {
    if (!grantIsCurrent(credential.claims.authTime)) return { status: "signed-out", current };
    try {
      const standing = await grantStanding(credential.tokenSid);
      if (standing !== "live") return { status: standing === "revoked" ? "revoked" : "signed-out", current };
    } catch (error) {
      if (error instanceof SessionStoreUnavailableError) return { status: "store-unavailable", current };
      throw error;
    }
  }
  return { status: "signed-in", userId: current.session.user.id, device: deviceOfCredential(credential), current };
}

/** For pages and actions that change state: signed out (or a grant that has ended) goes to sign in and back to `callbackPath`. */
export async function requireSensitiveSession(
  callbackPath: CallbackPath,
): Promise<Exclude<SensitiveSession, { status: "signed-out" }>> {
  const access = await getSensitiveSession();
  if (access.status === "signed-out") redirect(signInPath(callbackPath));
  return access;
}
