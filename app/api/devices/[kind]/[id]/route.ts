import { getCurrentSession, sessionStoreUnavailable } from "@/lib/auth";
import { isStoreUnreachable } from "@/lib/db/store-errors";
import { revokeDevice } from "@/lib/auth/devices";
import { deviceRefSchema } from "@/lib/auth/device-input";
import { sessionJson } from "@/lib/lab/session-response";

export const dynamic = "force-dynamic";

/** Revokes one of the signed-in person's devices: 401 signed out, 404 unknown or someone else's, 204 done. */
export async function DELETE(_request: Request, { params }: RouteContext<"/api/devices/[kind]/[id]">) {
  const current = await getCurrentSession();
  if (!current.session) return sessionJson({ error: "Not signed in" }, current, { status: 401 });
  const ref = deviceRefSchema.safeParse(await params);
  let revoked: boolean;
  try {
    revoked = ref.success && (await revokeDevice(current.session.user.id, ref.data.kind, ref.data.id));
  } catch (error) {
    // A jwt-mode caller is authenticated without the database; the revocation itself still needs it.
    if (isStoreUnreachable(error)) return sessionStoreUnavailable();
    throw error;
  }
  // Unknown, malformed and other people's ids all look the same from outside.
  if (!revoked) return sessionJson({ error: "No such device" }, current, { status: 404 });
  return new Response(null, { status: 204, headers: { "Cache-Control": "private, no-store" } });
}
