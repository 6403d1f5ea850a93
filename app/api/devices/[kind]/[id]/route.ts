import { appendSetCookies, revokeDevice, deviceRefSchema, sessionJson, withSensitiveSession } from "@/lib/auth";

export const dynamic = "force-dynamic";

/**
 * Revokes one of the signed-in person's devices: 401 signed out or revoked, 404 unknown or someone
 * else's, 204 done. A token's grant is checked live, whatever the revocation check says.
 */
export async function DELETE(_request: Request, { params }: RouteContext<"/api/devices/[kind]/[id]">) {
  return withSensitiveSession("This token was revoked: sign in again to manage devices", async ({ userId, current }) => {
    const ref = deviceRefSchema.safeParse(await params);
    const revoked = ref.success && (await revokeDevice(userId, ref.data.kind, ref.data.id));
    // Unknown, malformed and other people's ids all look the same from outside.
    if (!revoked) return sessionJson({ error: "No such device" }, current, { status: 404 });
    // The read may have renewed the session cookie or issued a hybrid token: those travel with the answer too.
    const headers = new Headers({ "Cache-Control": "private, no-store" });
    appendSetCookies(headers, current.sessionSetCookies);
    return new Response(null, { status: 204, headers });
  });
}
