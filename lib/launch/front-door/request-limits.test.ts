import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, refuseRequest } from "@/lib/launch/front-door/request-limits";

describe("refuseRequest", () => {
  it("lets ordinary requests through", () => {
    expect(refuseRequest("GET", {})).toBeUndefined();
    expect(refuseRequest("POST", { "content-length": "120", "content-type": "multipart/form-data; boundary=x" })).toBeUndefined();
    expect(
      refuseRequest("POST", { "next-action": "ab12", "content-type": "text/plain;charset=UTF-8", "content-length": "2" }),
    ).toBeUndefined();
  });

  it("refuses bodies over the limit before reading them", () => {
    expect(refuseRequest("POST", { "content-length": String(MAX_BODY_BYTES + 1) })?.status).toBe(413);
    expect(refuseRequest("POST", { "content-length": String(MAX_BODY_BYTES) })).toBeUndefined();
    expect(refuseRequest("POST", { "content-length": "12abc" })?.status).toBe(400);
  });

  it("wants a length for request bodies", () => {
    expect(refuseRequest("POST", { "transfer-encoding": "chunked" })?.status).toBe(411);
  });

  it("refuses Server Action calls in other content types or methods", () => {
    expect(refuseRequest("POST", { "next-action": "ab12", "content-type": "application/json" })?.status).toBe(415);
    expect(refuseRequest("POST", { "next-action": "ab12" })?.status).toBe(415);
    expect(refuseRequest("GET", { "next-action": "ab12" })?.status).toBe(400);
  });

  it("refuses writes whose Origin is another site, and lets same-site and origin-less ones through", () => {
    const host = "localhost:3000";
    expect(refuseRequest("POST", { host, origin: "http://evil.example" })?.status).toBe(403);
    expect(refuseRequest("POST", { host, origin: "null" })?.status).toBe(403);
    expect(refuseRequest("DELETE", { host, origin: "http://localhost:3001" })?.status).toBe(403);
    expect(refuseRequest("POST", { host, origin: "http://localhost:3000" })).toBeUndefined();
    expect(refuseRequest("POST", { host })).toBeUndefined();
    expect(refuseRequest("GET", { host, origin: "http://evil.example" })).toBeUndefined();
  });
});
