import { revokeAllDevices, withSensitiveSession } from "@/lib/auth";

export const dynamic = "force-dynamic";

/**
 * Signs the person out everywhere, this device included: 401 signed out or revoked, 204 done. Sessions in
 * another server's memory end at their next read there (the person's credential epoch).
 */
export async function DELETE() {
  return withSensitiveSession("This credential was revoked: sign in again to manage devices", async ({ userId }) => {
    await revokeAllDevices(userId);
    return new Response(null, { status: 204, headers: { "Cache-Control": "private, no-store" } });
  });
}
