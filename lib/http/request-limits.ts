import type { IncomingHttpHeaders } from "node:http";
import { routedPath } from "@/lib/mail/outbox-access";

/** The largest request body accepted: far above any form here, below Next's 1 MB Server Action limit. */
export const MAX_BODY_BYTES = 256 * 1024;

/** The content types React sends a Server Action call in: FormData, or a string from encodeReply. */
const SERVER_ACTION_CONTENT_TYPES = ["multipart/form-data", "text/plain"];

export type Refusal = { status: 400 | 403 | 411 | 413 | 415; message: string };

/** Whom this server is: writes must come from pages it served. */
export type SiteIdentity = {
  /** AUTH_URL's origin, like `https://lab.example.com`. */
  publicOrigin?: string;
  /** Served over https (AUTH_URL is https): an http Origin is another site. */
  https: boolean;
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Routes that sign in, sign out or revoke: Auth.js's, the devices API, the backend-for-frontend's, and the OpenID provider's consent. */
const SESSION_ROUTE = /^\/(api\/(auth|devices|bff)|oidc\/interaction)(\/|$)/;

/** What a browser says of a request it made from a page of this very site, or typed in by its user. */
const FIRST_PARTY_FETCH_SITES = new Set(["same-origin", "none"]);

/** Whether a browser's Origin header names this site: the public URL's origin, or the Host it answered for, in its scheme. */
function isSameSite(origin: string, host: string | undefined, site: SiteIdentity): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    // "null" (sandboxed frames, some redirects) or garbage: not this site.
    return false;
  }
  if (parsed.origin === site.publicOrigin) return true;
  return parsed.protocol === (site.https ? "https:" : "http:") && parsed.host === (host ?? "").toLowerCase();
}

/** Whether a request carries a body: a positive length, or any transfer coding. */
function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers["transfer-encoding"] !== undefined || Number(headers["content-length"] ?? 0) > 0;
}

/** What is wrong with a request's framing or origin before any of it is read; undefined when nothing is. */
export function refuseRequest(
  method: string | undefined,
  url: string | undefined,
  headers: IncomingHttpHeaders,
  site: SiteIdentity,
): Refusal | undefined {
  const length = headers["content-length"];
  const safe = SAFE_METHODS.has(method ?? "GET");
  if (headers["transfer-encoding"] && length === undefined && method !== "GET" && method !== "HEAD") {
    return { status: 411, message: "Send the request body with a Content-Length." };
  }
  if (length !== undefined && !/^\d+$/.test(length)) return { status: 400, message: "Content-Length is not a number." };
  if (length !== undefined && Number(length) > MAX_BODY_BYTES) {
    return { status: 413, message: `The request body is over ${MAX_BODY_BYTES / 1024} KiB.` };
  }
  // Nothing here reads a GET's body, and a proxy that does could see two requests where this server sees one.
  if ((method === "GET" || method === "HEAD") && hasBody(headers)) {
    return { status: 400, message: `A ${method} request carries no body.` };
  }
  // Next refuses a cross-site Server Action too, but with a 500; nothing here takes a cross-site write.
  if (!safe && headers.origin !== undefined && !isSameSite(headers.origin, headers.host, site)) {
    return { status: 403, message: "Requests from other sites are refused." };
  }
  const serverAction = headers["next-action"] !== undefined;
  if (serverAction) {
    const type = ((headers["content-type"] ?? "").split(";")[0] ?? "").trim().toLowerCase();
    if (method !== "POST") return { status: 400, message: "A Server Action is called with POST." };
    if (!SERVER_ACTION_CONTENT_TYPES.includes(type)) {
      return { status: 415, message: "A Server Action takes multipart/form-data or text/plain." };
    }
  }
  // Browsers send Origin with every POST; a write that says nothing of where it came from is refused.
  const sessionWrite = !safe && (serverAction || SESSION_ROUTE.test(routedPath(url)));
  const fetchSite = headers["sec-fetch-site"];
  if (sessionWrite && headers.origin === undefined && !(fetchSite && FIRST_PARTY_FETCH_SITES.has(fetchSite.toLowerCase()))) {
    return { status: 403, message: "A sign-in or session request must come from this site's own pages: send its Origin header." };
  }
  return undefined;
}
