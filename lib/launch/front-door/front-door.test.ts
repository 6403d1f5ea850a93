import { createServer, request as httpRequest, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { frontDoor } from "@/lib/launch/front-door";

let server: Server | undefined;
let seen: { csp?: string; forwardedFor?: string } = {};

/** The front door around a handler that records what Next would see, on a free port. */
async function serve(): Promise<number> {
  let handle: RequestListener = () => undefined;
  server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  handle = frontDoor(
    { listenPort: port, trustedHops: 0, instanceName: "instance-a", https: false, dev: false },
    (inner, outer) => {
      seen = {
        csp: inner.headers["content-security-policy"] as string,
        forwardedFor: inner.headers["x-forwarded-for"] as string,
      };
      outer.end("ok");
      return Promise.resolve();
    },
  );
  return port;
}

function get(port: number, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, path: "/", headers }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
    });
    request.on("error", reject);
    request.end();
  });
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
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
