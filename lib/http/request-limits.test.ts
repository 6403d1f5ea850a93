import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, refuseRequest } from "@/lib/http/request-limits";

const local = { publicOrigin: "http://localhost:3000", https: false };
const deployed = { publicOrigin: "https://lab.example.com", https: true };

/** A request to `path` on the local site, as the front door sees it. */
const refusal = (method: string, headers: IncomingHttpHeaders, path = "/") => refuseRequest(method, path, headers, local);

describe("refuseRequest", () => {
  it("lets ordinary requests through", () => {
    expect(refusal("GET", {})).toBeUndefined();
    expect(refusal("GET", { "content-length": "0" })).toBeUndefined();
    expect(
      refusal("POST", {
        "content-length": "120",
        "content-type": "multipart/form-data; boundary=x",
        origin: "http://localhost:3000",
      }),
    ).toBeUndefined();
    expect(
      refusal("POST", {
        "next-action": "ab12",
        "content-type": "text/plain;charset=UTF-8",
        "content-length": "2",
        origin: "http://localhost:3000",
      }),
    ).toBeUndefined();
  });

  it("refuses bodies over the limit before reading them", () => {
    expect(refusal("POST", { "content-length": String(MAX_BODY_BYTES + 1) })?.status).toBe(413);
    expect(refusal("POST", { "content-length": String(MAX_BODY_BYTES) })).toBeUndefined();
    expect(refusal("POST", { "content-length": "12abc" })?.status).toBe(400);
  });

  it("wants a length for request bodies", () => {
    expect(refusal("POST", { "transfer-encoding": "chunked" })?.status).toBe(411);
  });

  it("refuses a GET or HEAD that carries a body, by length or by transfer coding", () => {
    expect(refusal("GET", { "content-length": "5" })).toEqual({ status: 400, message: "A GET request carries no body." });
    expect(refusal("HEAD", { "content-length": "1" })).toEqual({ status: 400, message: "A HEAD request carries no body." });
    expect(refusal("GET", { "transfer-encoding": "chunked" })?.status).toBe(400);
    expect(refusal("GET", { "transfer-encoding": "gzip, chunked" }, "/api/health")?.status).toBe(400);
  });

  it("refuses Server Action calls in other content types or methods", () => {
    expect(refusal("POST", { "next-action": "ab12", "content-type": "application/json" })?.status).toBe(415);
    expect(refusal("POST", { "next-action": "ab12" })?.status).toBe(415);
    expect(refusal("GET", { "next-action": "ab12" })?.status).toBe(400);
  });

  it("refuses writes whose Origin is another site, and lets same-site ones through", () => {
    const host = "localhost:3000";
    expect(refusal("POST", { host, origin: "http://evil.example" })?.status).toBe(403);
    expect(refusal("POST", { host, origin: "null" })?.status).toBe(403);
    expect(refusal("DELETE", { host, origin: "http://localhost:3001" })?.status).toBe(403);
    expect(refusal("POST", { host, origin: "http://localhost:3000" })).toBeUndefined();
    expect(refusal("POST", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" })).toBeUndefined();
    expect(refusal("POST", { host })).toBeUndefined();
    expect(refusal("GET", { host, origin: "http://evil.example" })).toBeUndefined();
  });

  it("compares the Origin's scheme too, not only its host", () => {
    expect(refusal("POST", { host: "localhost:3000", origin: "https://localhost:3000" })?.status).toBe(403);
    const overHttps = (origin: string) => refuseRequest("POST", "/", { host: "lab.example.com", origin }, deployed);
    expect(overHttps("https://lab.example.com")).toBeUndefined();
    expect(overHttps("http://lab.example.com")?.status).toBe(403);
  });

  const ALL_WRITES = ["POST", "PUT", "PATCH", "DELETE"];
  it.each([
    // A Server Action in any other method is refused for that first (400).
    ["a Server Action", "/settings", { "next-action": "ab12", "content-type": "text/plain" }, ["POST"]],
    ["Auth.js's callback", "/api/auth/callback/credentials", {}, ALL_WRITES],
    ["Auth.js's sign-out", "/api/auth/signout", {}, ALL_WRITES],
    ["the devices API", "/api/devices/session/abc", {}, ALL_WRITES],
    ["the devices API by a detour", "/api//devices/../devices/session/abc", {}, ALL_WRITES],
    ["the backend-for-frontend's sign-out", "/api/bff/logout", {}, ALL_WRITES],
  ])("refuses a write to %s without Origin unless the browser says it is first-party", (_label, path, headers, methods) => {
    for (const method of methods) {
      expect(refusal(method, { host: "localhost:3000", ...headers }, path)).toEqual({
        status: 403,
        message: "A sign-in or session request must come from this site's own pages: send its Origin header.",
      });
    }
    for (const fetchSite of ["same-origin", "none"]) {
      expect(refusal("POST", { host: "localhost:3000", "sec-fetch-site": fetchSite, ...headers }, path)).toBeUndefined();
    }
    for (const fetchSite of ["same-site", "cross-site", "garbage"]) {
      expect(refusal("POST", { host: "localhost:3000", "sec-fetch-site": fetchSite, ...headers }, path)?.status).toBe(403);
    }
    expect(refusal("POST", { host: "localhost:3000", origin: "http://localhost:3000", ...headers }, path)).toBeUndefined();
  });

  it("leaves reads of session routes, and writes elsewhere, to the routes themselves", () => {
    expect(refusal("GET", { host: "localhost:3000" }, "/api/auth/session")).toBeUndefined();
    expect(refusal("GET", { host: "localhost:3000" }, "/api/bff/api/me")).toBeUndefined();
    expect(refusal("POST", { host: "localhost:3000" }, "/api/health")).toBeUndefined();
    expect(refusal("POST", { host: "localhost:3000" }, "/api/authority")).toBeUndefined();
  });
});
