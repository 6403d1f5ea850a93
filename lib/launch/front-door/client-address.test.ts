import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/launch/front-door/client-address";

describe("clientAddress", () => {
  it("with no trusted proxy, is the socket's peer whatever X-Forwarded-For says", () => {
    expect(clientAddress("192.0.2.10", "203.0.113.66, 198.51.100.1", 0)).toBe("192.0.2.10");
    expect(clientAddress("::ffff:127.0.0.1", undefined, 0)).toBe("127.0.0.1");
  });

  it("with one trusted proxy, is the address that proxy saw, not what the client prepended", () => {
    // The client sent "X-Forwarded-For: 203.0.113.66"; nginx appended the real peer 192.0.2.7.
    expect(clientAddress("127.0.0.1", "203.0.113.66, 192.0.2.7", 1)).toBe("192.0.2.7");
    expect(clientAddress("127.0.0.1", "192.0.2.7", 1)).toBe("192.0.2.7");
  });

  it("with two trusted proxies, counts two from the right", () => {
    expect(clientAddress("10.0.0.2", "203.0.113.66, 192.0.2.7, 10.0.0.1", 2)).toBe("192.0.2.7");
  });

  it("falls back to the peer when the header is missing, too short or not an address", () => {
    expect(clientAddress("127.0.0.1", undefined, 1)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "192.0.2.7", 3)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "<script>", 1)).toBe("127.0.0.1");
    expect(clientAddress(undefined, undefined, 0)).toBeNull();
  });

  it("accepts IPv6 clients", () => {
    expect(clientAddress("127.0.0.1", "2001:db8::1", 1)).toBe("2001:db8::1");
  });
});
