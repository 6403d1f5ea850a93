import type { IncomingMessage, ServerResponse } from "node:http";
import { clientAddress } from "@/lib/launch/front-door/client-address";
import { hostCheck } from "@/lib/launch/front-door/host-check";
import { refuseRequest } from "@/lib/launch/front-door/request-limits";
import { newNonce, securityHeaderTemplate } from "@/lib/launch/front-door/security-headers";

export type FrontDoorOptions = {
  /** AUTH_URL: the only non-loopback Host this server answers for. */
  publicUrl?: string;
  listenPort: number;
  /** AUTH_TRUSTED_PROXY_HOPS: how many proxies' X-Forwarded-For entries to believe. */
  trustedHops: number;
  /** Sent as `x-served-by`, to watch a load balancer spread requests. */
  instanceName: string;
  https: boolean;
  dev: boolean;
};

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

function refuse(response: ServerResponse, status: number, message: string) {
  // The body may be unread (and large): close the connection rather than drain it.
  response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", Connection: "close" });
  response.end(`${message}\n`);
}

/**
 * What every request passes before Next sees it: the Host check, body and Server Action framing
 * limits, the client's address as far as trusted proxies vouch for it, and the security headers
 * with this response's CSP nonce (Next reads the nonce from the request's policy header).
 */
export function frontDoor(options: FrontDoorOptions, next: Handler) {
  // Everything but the nonce is the same for every request: work it out once, not per request.
  const isAllowed = hostCheck(options);
  const headers = securityHeaderTemplate({ https: options.https, dev: options.dev });
  const fixedHeaders = [...headers.fixed, ["x-served-by", options.instanceName] as const];
  const wrongHost = `This server answers only for ${options.publicUrl ?? `localhost:${options.listenPort}`}.`;
  const failed = (response: ServerResponse) => (error: unknown) => {
    console.error(`[lab] Request failed before rendering: ${error instanceof Error ? error.name : "error"}`);
    if (!response.headersSent) refuse(response, 500, "Something went wrong on our side. Try again in a moment.");
    else response.destroy();
  };

  return (request: IncomingMessage, response: ServerResponse) => {
    const policy = headers.policyWith(newNonce());
    response.setHeader("Content-Security-Policy", policy);
    for (const [name, value] of fixedHeaders) response.setHeader(name, value);
    if (!isAllowed(request.headers.host)) {
      refuse(response, 421, wrongHost);
      return;
    }
    const refusal = refuseRequest(request.method, request.headers);
    if (refusal) {
      refuse(response, refusal.status, refusal.message);
      return;
    }

    // A policy header from the client must never choose the nonce Next puts on its scripts.
    request.headers["content-security-policy"] = policy;
    // Deleting only what is there keeps the headers object in V8's fast mode for Next's many reads.
    if (request.headers["content-security-policy-report-only"] !== undefined) {
      delete request.headers["content-security-policy-report-only"];
    }
    // Next keeps an existing X-Forwarded-For, so it must hold only what the trusted hops vouch for.
    const forwarded = request.headers["x-forwarded-for"];
    const address = clientAddress(
      request.socket.remoteAddress,
      Array.isArray(forwarded) ? forwarded.join(",") : forwarded,
      options.trustedHops,
    );
    if (address) request.headers["x-forwarded-for"] = address;
    else if (forwarded !== undefined) delete request.headers["x-forwarded-for"];
    next(request, response).catch(failed(response));
  };
}
