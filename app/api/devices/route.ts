import { sessionStoreUnavailable } from "@/lib/auth";
import { getSensitiveSession } from "@/lib/auth/read/sensitive-session";
import { SessionStoreUnavailableError } from "@/lib/db/store-unavailable";
import { revokeAllDevices } from "@/lib/auth/devices/devices";
import { sessionJson } from "@/lib/lab/session-response";

export const dynamic = "force-dynamic";

/**
 * Signs the person out everywhere, this device included: 401 signed out or revoked, 204 done. Sessions in
 * another server's memory end at their next read there (the person's credential epoch).
 */
export async function DELETE() {
  const access = await getSensitiveSession();
  const { current } = access;
  if (access.status === "store-unavailable") return sessionStoreUnavailable();
  if (access.status === "revoked") {
    return sessionJson({ error: "This credential was revoked: sign in again to manage devices" }, current, { status: 401 });
  }
  if (access.status === "signed-out") return sessionJson({ error: "Not signed in" }, current, { status: 401 });
  try {
    await revokeAllDevices(access.userId);
  } catch (error) {
    if (error instanceof SessionStoreUnavailableError) return sessionStoreUnavailable();
    throw error;
  }
  return new Response(null, { status: 204, headers: { "Cache-Control": "private, no-store" } });
}
