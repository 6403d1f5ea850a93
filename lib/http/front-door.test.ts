import { createServer, request as httpRequest, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { frontDoor } from "@/lib/http/front-door";
import { NO_PROXY, trustedProxyList, type ProxyTrust } from "@/lib/http/client-address";
import { LOOPBACK_CLIENT_HEADER } from "@/lib/mail/outbox-access";

let server: Server | undefined;
let seen: { csp?: string; forwardedFor?: string; loopback?: string; forwardedHost?: string; forwarded?: string } = {};

/** The front door around a handler that records what Next would see, on a free port. */
async function serve(proxyTrust: ProxyTrust = NO_PROXY): Promise<number> {
  let handle: RequestListener = () => undefined;
  server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  handle = frontDoor(
    { publicUrl: `http://localhost:${port}`, listenPort: port, proxyTrust, instanceName: "instance-a", https: false, dev: false },
    (inner, outer) => {
      seen = {
        csp: inner.headers["content-security-policy"] as string,
        forwardedFor: inner.headers["x-forwarded-for"] as string,
        loopback: inner.headers[LOOPBACK_CLIENT_HEADER] as string | undefined,
        forwardedHost: inner.headers["x-forwarded-host"] as string | undefined,
        forwarded: inner.headers.forwarded,
      };
      outer.end("ok");
      return Promise.resolve();
    },
  );
  return port;
}

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function send(port: number, headers: Record<string, string>, options: { path?: string; method?: string; body?: string } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const request = httpRequest(
      { host: "127.0.0.1", port, path: options.path ?? "/", method: options.method ?? "GET", headers },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

const get = (port: number, headers: Record<string, string>, path = "/") => send(port, headers, { path });

/** As if nginx on this machine forwarded the request: the front door believes 127.0.0.1. */
const behindLocalProxy: () => ProxyTrust = () => ({ hops: 1, proxies: trustedProxyList(["127.0.0.1"]) });

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  seen = {};
});

describe("frontDoor", () => {
  it("gives each response its own nonce, the one Next reads, and the badge", async () => {
    const port = await serve();
    const first = await get(port, { host: `localhost:${port}`, "content-security-policy": "script-src 'nonce-mine'" });
    const firstSeen = seen.csp;
    const second = await get(port, { host: `localhost:${port}`, "x-forwarded-for": "203.0.113.9" });
    expect(first.status).toBe(200);
    expect(first.headers["x-served-by"]).toBe("instance-a");
    expect(first.headers["x-frame-options"]).toBe("DENY");
    expect(first.headers["content-security-policy"]).toBe(firstSeen);
    expect(firstSeen).not.toContain("nonce-mine");
    expect(second.headers["content-security-policy"]).not.toBe(first.headers["content-security-policy"]);
    // No trusted proxy: the client's own X-Forwarded-For is replaced by the socket's peer.
    expect(seen.forwardedFor).toBe("127.0.0.1");
  });

  it("refuses another Host with 421 and still sends the security headers", async () => {
    const port = await serve();
    const response = await get(port, { host: `rebind.evil.example:${port}` });
    expect(response.status).toBe(421);
    expect(response.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(response.headers["x-served-by"]).toBe("instance-a");
  });
});

describe("the outbox, for this machine only", () => {
  const OUTBOX_PATHS = [
    "/dev/outbox",
    "/dev/outbox?_rsc=abc",
    "//dev//outbox/",
    "/DEV/Outbox",
    "/x/../dev/outbox",
    "/dev%2Foutbox",
  ];

  it("serves a loopback client and tells Next so", async () => {
    const port = await serve();
    const response = await get(port, { host: `localhost:${port}` }, "/dev/outbox");
    expect(response.status).toBe(200);
    expect(seen.loopback).toBe("1");
  });

  it.each(OUTBOX_PATHS)("answers %s with 404 to a client a trusted proxy vouches is elsewhere", async (path) => {
    const port = await serve(behindLocalProxy());
    const response = await get(port, { host: `localhost:${port}`, "x-forwarded-for": "203.0.113.9" }, path);
    expect(response.status).toBe(404);
    expect(response.body).toBe("Not found.\n");
    expect(seen).toEqual({});
  });

  it("through a trusted proxy, serves the outbox only when the client the proxy saw is loopback", async () => {
    const port = await serve(behindLocalProxy());
    expect((await get(port, { host: `localhost:${port}`, "x-forwarded-for": "127.0.0.1" }, "/dev/outbox")).status).toBe(200);
    expect(seen.loopback).toBe("1");
    // A client far away that wrote "127.0.0.1" itself: nginx appended the address it really saw.
    const spoofed = await get(port, { host: `localhost:${port}`, "x-forwarded-for": "127.0.0.1, 203.0.113.9" }, "/dev/outbox");
    expect(spoofed.status).toBe(404);
  });

  it("never passes on a client's own loopback verdict", async () => {
    const port = await serve(behindLocalProxy());
    await get(
      port,
      { host: `localhost:${port}`, "x-forwarded-for": "203.0.113.9", [LOOPBACK_CLIENT_HEADER]: "1" },
      "/signin/check-email",
    );
    expect(seen.forwardedFor).toBe("203.0.113.9");
    expect(seen.loopback).toBeUndefined();
  });
});

describe("forwarded headers", () => {
  it("drops X-Forwarded-Host and Forwarded from a peer that is no trusted proxy", async () => {
    const port = await serve();
    await get(port, {
      host: `localhost:${port}`,
      "x-forwarded-host": "evil.example",
      forwarded: "for=1.2.3.4;host=evil.example",
    });
    expect(seen.forwardedHost).toBeUndefined();
    expect(seen.forwarded).toBeUndefined();
  });
});

describe("writes and bodies", () => {
  it("refuses a sign-in post without Origin, and lets the browser's own through", async () => {
    const port = await serve();
    const path = "/api/auth/callback/credentials";
    const host = `localhost:${port}`;
    const post = (headers: Record<string, string>) =>
      send(
        port,
        { host, "content-type": "application/x-www-form-urlencoded", "content-length": "3", ...headers },
        { path, method: "POST", body: "a=1" },
      );
    const bare = await post({});
    expect(bare.status).toBe(403);
    expect(bare.body).toBe("A sign-in or session request must come from this site's own pages: send its Origin header.\n");
    expect((await post({ origin: `http://localhost:${port}` })).status).toBe(200);
    expect((await post({ "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await post({ origin: `https://localhost:${port}` })).status).toBe(403);
  });

  it("refuses a GET with a body with 400", async () => {
    const port = await serve();
    const response = await send(
      port,
      { host: `localhost:${port}`, "content-length": "5" },
      { path: "/api/health", body: "hello" },
    );
    expect(response.status).toBe(400);
    expect(response.body).toBe("A GET request carries no body.\n");
  });
});

describe("the OpenID provider's mount at /oidc", () => {
  /** The front door with a provider that answers with the URL it was handed, and Next answering "next". */
  async function serveWithProvider(): Promise<number> {
    let handle: RequestListener = () => undefined;
    server = createServer((request, response) => handle(request, response));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    handle = frontDoor(
      { listenPort: port, proxyTrust: NO_PROXY, instanceName: "a", https: false, dev: false },
      (_inner, outer) => {
        outer.end("next");
        return Promise.resolve();
      },
      (inner, outer) => {
        outer.end(`provider ${inner.url ?? ""} from ${String(Reflect.get(inner, "originalUrl"))}`);
        return Promise.resolve();
      },
    );
    return port;
  }

  it("hands /oidc and below to the provider with the prefix stripped and the full URL as originalUrl", async () => {
    const port = await serveWithProvider();
    const host = { host: `localhost:${port}` };
    expect((await get(port, host, "/oidc/.well-known/openid-configuration")).body).toBe(
      "provider /.well-known/openid-configuration from /oidc/.well-known/openid-configuration",
    );
    expect((await get(port, host, "/oidc")).body).toBe("provider / from /oidc");
    expect((await get(port, host, "/oidc?x=1")).body).toBe("provider /?x=1 from /oidc?x=1");
  });

  it("lets only the consent pages' forms end at a loopback redirect (a native client's), through the policy's form-action", async () => {
    const port = await serveWithProvider();
    const host = { host: `localhost:${port}` };
    const formAction = async (path: string) =>
      /form-action [^;]+/.exec(String((await get(port, host, path)).headers["content-security-policy"]))?.[0];
    expect(await formAction("/oidc/interaction/abc/consent")).toBe("form-action 'self' http://127.0.0.1:*");
    expect(await formAction("/settings")).toBe("form-action 'self'");
    expect(await formAction("/oidc/device")).toBe("form-action 'self'");
  });

  it("leaves the interaction pages and look-alike paths to Next", async () => {
    const port = await serveWithProvider();
    const host = { host: `localhost:${port}` };
    expect((await get(port, host, "/oidc/interaction/abc")).body).toBe("next");
    expect((await get(port, host, "/oidcx/token")).body).toBe("next");
    expect((await get(port, host, "/")).body).toBe("next");
  });
});
