import type { IncomingHttpHeaders } from "node:http";

/** The largest request body accepted: far above any form here, below Next's 1 MB Server Action limit. */
export const MAX_BODY_BYTES = 256 * 1024;

/** The content types React sends a Server Action call in: FormData, or a string from encodeReply. */
const SERVER_ACTION_CONTENT_TYPES = ["multipart/form-data", "text/plain"];

export type Refusal = { status: 400 | 411 | 413 | 415; message: string };

/** What is wrong with a request's framing before any of it is read; undefined when nothing is. */
export function refuseRequest(method: string | undefined, headers: IncomingHttpHeaders): Refusal | undefined {
  const length = headers["content-length"];
  if (headers["transfer-encoding"] && length === undefined && method !== "GET" && method !== "HEAD") {
    return { status: 411, message: "Send the request body with a Content-Length." };
  }
  if (length !== undefined && !/^\d+$/.test(length)) return { status: 400, message: "Content-Length is not a number." };
  if (length !== undefined && Number(length) > MAX_BODY_BYTES) {
    return { status: 413, message: `The request body is over ${MAX_BODY_BYTES / 1024} KiB.` };
  }
  if (headers["next-action"] !== undefined) {
    const type = (headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (method !== "POST") return { status: 400, message: "A Server Action is called with POST." };
    if (!SERVER_ACTION_CONTENT_TYPES.includes(type)) {
      return { status: 415, message: "A Server Action takes multipart/form-data or text/plain." };
    }
  }
  return undefined;
}
