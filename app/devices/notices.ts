import { z } from "zod";

export const devicesNoticeSchema = z.enum(["revoked", "grant-revoked", "revoked-others", "not-found", "store-unavailable"]);
export type DevicesNotice = z.infer<typeof devicesNoticeSchema>;

/** What each outcome of an action on the devices page says, and whether it is good news. */
export function devicesNoticeMessage(notice: DevicesNotice, count?: number): { text: string; tone: "success" | "error" } {
  switch (notice) {
    case "revoked":
      return { text: "Revoked. That device finds out on its next request, as its mode allows.", tone: "success" };
    case "grant-revoked":
      return {
        text: "Revoked. That app's refresh tokens stopped working now; an access token it already holds works at the API until it expires.",
        tone: "success",
      };
    case "revoked-others":
      return { text: `Revoked ${count ?? 0} other ${count === 1 ? "device" : "devices"}.`, tone: "success" };
    case "not-found":
      return { text: "That device or app does not exist or is not yours, so nothing changed.", tone: "error" };
    case "store-unavailable":
      return { text: "The session store is not answering, so nothing changed. Try again in a moment.", tone: "error" };
  }
}
