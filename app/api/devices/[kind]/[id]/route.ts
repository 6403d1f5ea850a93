import { sessionStoreUnavailable } from "@/lib/auth";
import { getSensitiveSession } from "@/lib/auth/read/sensitive-session";
import { SessionStoreUnavailableError } from "@/lib/db/store-unavailable";
import { revokeDevice } from "@/lib/auth/devices/devices";
import { deviceRefSchema } from "@/lib/auth/devices/device-input";
import { sessionJson } from "@/lib/lab/session-response";

export const dynamic = "force-dynamic";

/**
 * Revokes one of the signed-in person's devices: 401 signed out or revoked, 404 unknown or someone
 * else's, 204 done. A token's grant is checked live, whatever the revocation check says.
 */
export async function DELETE(_request: Request, { params }: RouteContext<"/api/devices/[kind]/[id]">) {
  const access = await getSensitiveSession();
  const { current } = access;
  if (access.status === "store-unavailable") return sessionStoreUnavailable();
  if (access.status === "revoked") {
    return sessionJson({ error: "This token was revoked: sign in again to manage devices" }, current, { status: 401 });
  }
  if (access.status === "signed-out") return sessionJson({ error: "Not signed in" }, current, { status: 401 });
  const ref = deviceRefSchema.safeParse(await params);
  let revoked: boolean;
  try {
    revoked = ref.success && (await revokeDevice(access.userId, ref.data.kind, ref.data.id));
  } catch (error) {
    // A jwt-mode caller is authenticated without the database; the revocation itself still needs it.
    if (error instanceof SessionStoreUnavailableError) return sessionStoreUnavailable();
    throw error;
  }
  // Unknown, malformed and other people's ids all look the same from outside.
  if (!revoked) return sessionJson({ error: "No such device" }, current, { status: 404 });
  // The read may have renewed the session cookie or issued a hybrid token: those travel with the answer too.
  const headers = new Headers({ "Cache-Control": "private, no-store" });
  for (const cookie of access.current.sessionSetCookies) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 204, headers });
}
