import { z } from "zod";

/** A device reference from a form or a URL: its kind and a cuid-shaped id. */
export const deviceRefSchema = z.object({
  kind: z.enum(["session", "token"]),
  id: z.string().regex(/^[a-z0-9]{20,40}$/, "Not a device id"),
});
