import "server-only";
import type { CurrentSession } from "@/lib/auth";
import type { CurrentDevice } from "@/lib/auth/devices";

/** Which credential this request was authenticated with. */
export function currentDevice({ trace }: CurrentSession): CurrentDevice {
  const sid = trace.jwtClaims?.sid;
  return { sessionRowId: trace.sessionRow?.id, tokenSid: typeof sid === "string" ? sid : undefined };
}
