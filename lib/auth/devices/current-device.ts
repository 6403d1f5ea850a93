import type { SessionCredential } from "@/lib/auth/read/current-session";
import type { CurrentDevice } from "@/lib/auth/devices/devices";

/** The device a credential belongs to, as the devices list and revocations name it. */
export function deviceOfCredential(credential: SessionCredential): CurrentDevice {
  return credential.kind === "session" ? { sessionRowId: credential.sessionRowId } : { tokenSid: credential.tokenSid };
}
