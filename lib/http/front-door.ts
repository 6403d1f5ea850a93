import type { IncomingMessage, ServerResponse } from "node:http";
import { clientAddress, isLoopbackAddress, isTrustedProxy, type ProxyTrust } from "@/lib/http/client-address";
import { hostCheck } from "@/lib/http/host-check";
import { refuseRequest } from "@/lib/http/request-limits";
import { newNonce, securityHeaderTemplate } from "@/lib/http/security-headers";
import { isOutboxPath, LOOPBACK_CLIENT_HEADER } from "@/lib/mail/outbox-access";

export type FrontDoorOptions = {
  /** AUTH_URL: the only non-loopback Host this server answers for. */
  publicUrl?: string;
  listenPort: number;
  /** AUTH_TRUSTED_PROXY_HOPS and AUTH_TRUSTED_PROXIES: whose X-Forwarded-For entries to believe. */
  proxyTrust: ProxyTrust;
  /** Sent as `x-served-by`, to watch a load balancer spread requests. */
  instanceName: string;
  https: boolean;
  dev: boolean;
  /** The API service's URL (OIDC_API_RESOURCE): the single-page app's pages fetch from it. */
  apiUrl?: string;
};

/** Forwarded headers other than X-Forwarded-For (which is rewritten), dropped unless a trusted proxy sent them. */
const UNTRUSTED_FORWARDED_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"] as const;

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** The OpenID provider's mount point; its interaction pages under it are the site's own (Next). */
const OIDC_MOUNT = "/oidc";
const OIDC_INTERACTION = `${OIDC_MOUNT}/interaction/`;

/** Whether the provider answers this URL: /oidc and below, except the interaction pages. */
function isProviderPath(url: string | undefined): boolean {
  if (!url) return false;
  const mounted = url === OIDC_MOUNT || url.startsWith(`${OIDC_MOUNT}/`) || url.startsWith(`${OIDC_MOUNT}?`);
  return mounted && !url.startsWith(OIDC_INTERACTION);
}

/** Hands a request to a handler mounted at OIDC_MOUNT, the way Express's `app.use(path, …)` would. */
function callMounted(provider: Handler, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const original = request.url ?? OIDC_MOUNT;
  // oidc-provider routes on the stripped path, and finds its mount point (for the URLs it writes) from originalUrl.
  Object.assign(request, { originalUrl: original });
  const stripped = original.slice(OIDC_MOUNT.length);
  request.url = stripped.startsWith("/") ? stripped : `/${stripped}`;
  return provider(request, response);
}

function refuse(response: ServerResponse, status: number, message: string) {
  // The body may be unread (and large): close the connection rather than drain it.
  response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", Connection: "close" });
  response.end(`${message}\n`);
}

/**
 * What every request passes before Next sees it: the Host check, body, origin and Server Action
 * framing limits, the client's address as far as trusted proxies vouch for it (and whether that
 * client is this machine, the only one that may see the outbox), and the security headers with this
 * response's CSP nonce (Next reads the nonce from the request's policy header). Then the OpenID provider
 * answers /oidc (but its interaction pages), and Next everything else.
 */
export function frontDoor(options: FrontDoorOptions, next: Handler, provider?: Handler) {
  // Everything but the nonce is the same for every request: work it out once, not per request.
  const isAllowed = hostCheck(options);
  const site = { publicOrigin: options.publicUrl ? new URL(options.publicUrl).origin : undefined, https: options.https };
  const connectOrigins = options.apiUrl ? [new URL(options.apiUrl).origin] : [];
  const headers = securityHeaderTemplate({ https: options.https, dev: options.dev, connectOrigins });
  const consentHeaders = securityHeaderTemplate({ https: options.https, dev: options.dev, loopbackFormRedirects: true });
  const fixedHeaders = [...headers.fixed, ["x-served-by", options.instanceName] as const];
  const wrongHost = `This server answers only for ${options.publicUrl ?? `localhost:${options.listenPort}`}.`;
  const failed = (response: ServerResponse) => (error: unknown) => {
    console.error(`[lab] Request failed before rendering: ${error instanceof Error ? error.name : "error"}`);
    if (!response.headersSent) refuse(response, 500, "Something went wrong on our side. Try again in a moment.");
    else response.destroy();
  };

  return (request: IncomingMessage, response: ServerResponse) => {
    const policy = (request.url?.startsWith(OIDC_INTERACTION) ? consentHeaders : headers).policyWith(newNonce());
    response.setHeader("Content-Security-Policy", policy);
    for (const [name, value] of fixedHeaders) response.setHeader(name, value);
    if (!isAllowed(request.headers.host)) {
      refuse(response, 421, wrongHost);
      return;
    }
    const refusal = refuseRequest(request.method, request.url, request.headers, site);
    if (refusal) {
      refuse(response, refusal.status, refusal.message);
      return;
    }

    // Next keeps an existing X-Forwarded-For, so it must hold only what the trusted proxies vouch for.
    const forwarded = request.headers["x-forwarded-for"];
    const address = clientAddress(
      request.socket.remoteAddress,
      Array.isArray(forwarded) ? forwarded.join(",") : forwarded,
      options.proxyTrust,
    );
    // Behind nginx the peer is always loopback: the verdict is on the client the proxy vouched for.
    const fromThisMachine = isLoopbackAddress(address);
    if (!fromThisMachine && isOutboxPath(request.url)) {
      refuse(response, 404, "Not found.");
      return;
    }

    // A policy header from the client must never choose the nonce Next puts on its scripts.
    request.headers["content-security-policy"] = policy;
    // Deleting only what is there keeps the headers object in V8's fast mode for Next's many reads.
    if (request.headers["content-security-policy-report-only"] !== undefined) {
      delete request.headers["content-security-policy-report-only"];
    }
    if (address) request.headers["x-forwarded-for"] = address;
    else if (forwarded !== undefined) delete request.headers["x-forwarded-for"];
    // Next and Auth.js read these to learn the site's own host and scheme: only a trusted proxy may say.
    if (!isTrustedProxy(request.socket.remoteAddress, options.proxyTrust)) {
      for (const name of UNTRUSTED_FORWARDED_HEADERS) {
        if (request.headers[name] !== undefined) Reflect.deleteProperty(request.headers, name);
      }
    }
    // Only the front door says who is local: a client's own copy of the header is dropped.
    if (fromThisMachine) request.headers[LOOPBACK_CLIENT_HEADER] = "1";
    else if (request.headers[LOOPBACK_CLIENT_HEADER] !== undefined)
      Reflect.deleteProperty(request.headers, LOOPBACK_CLIENT_HEADER);
    const answer = provider && isProviderPath(request.url) ? callMounted(provider, request, response) : next(request, response);
    answer.catch(failed(response));
  };
}
