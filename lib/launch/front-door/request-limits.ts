import type { IncomingHttpHeaders } from "node:http";

/** The largest request body accepted: far above any form here, below Next's 1 MB Server Action limit. */
export const MAX_BODY_BYTES = 256 * 1024;

/** The content types React sends a Server Action call in: FormData, or a string from encodeReply. */
const SERVER_ACTION_CONTENT_TYPES = ["multipart/form-data", "text/plain"];

export type Refusal = { status: 400 | 403 | 411 | 413 | 415; message: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a browser's Origin header names another site than the Host it sent the request to. */
function isCrossSite(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host.toLowerCase() !== (host ?? "").toLowerCase();
  } catch {
    // "null" (sandboxed frames, some redirects) or garbage: not this site.
    return true;
  }
}

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
  // Next refuses a cross-site Server Action too, but with a 500; nothing here takes a cross-site write.
  if (!SAFE_METHODS.has(method ?? "GET") && headers.origin !== undefined && isCrossSite(headers.origin, headers.host)) {
    return { status: 403, message: "Requests from other sites are refused." };
  }
  if (headers["next-action"] !== undefined) {
    const type = ((headers["content-type"] ?? "").split(";")[0] ?? "").trim().toLowerCase();
    if (method !== "POST") return { status: 400, message: "A Server Action is called with POST." };
    if (!SERVER_ACTION_CONTENT_TYPES.includes(type)) {
      return { status: 415, message: "A Server Action takes multipart/form-data or text/plain." };
    }
  }
  return undefined;
}
