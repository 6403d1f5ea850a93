import { describe, expect, it } from "vitest";
import { clientAddress, isLoopbackAddress, NO_PROXY, trustedProxyList, type ProxyTrust } from "@/lib/http/client-address";

const behind = (hops: number, ...proxies: string[]): ProxyTrust => ({ hops, proxies: trustedProxyList(proxies) });

describe("clientAddress", () => {
  it("with no trusted proxy, is the socket's peer whatever X-Forwarded-For says", () => {
    expect(clientAddress("192.0.2.10", "203.0.113.66, 198.51.100.1", NO_PROXY)).toBe("192.0.2.10");
    expect(clientAddress("::ffff:127.0.0.1", undefined, NO_PROXY)).toBe("127.0.0.1");
  });

  it("with one trusted proxy, is the address that proxy saw, not what the client prepended", () => {
    // The client sent "X-Forwarded-For: 203.0.113.66"; nginx appended the real peer 192.0.2.7.
    expect(clientAddress("127.0.0.1", "203.0.113.66, 192.0.2.7", behind(1, "127.0.0.1"))).toBe("192.0.2.7");
    expect(clientAddress("127.0.0.1", "192.0.2.7", behind(1, "127.0.0.1"))).toBe("192.0.2.7");
  });

  it("believes X-Forwarded-For only from a listed proxy: any other peer is the client itself", () => {
    // An instance listens on 127.0.0.1:3301; another program on the machine, or a remote client, talks to it directly.
    expect(clientAddress("192.0.2.50", "127.0.0.1", behind(1, "127.0.0.1"))).toBe("192.0.2.50");
    expect(clientAddress("127.0.0.2", "203.0.113.66", behind(1, "127.0.0.1"))).toBe("127.0.0.2");
    expect(clientAddress("::1", "203.0.113.66", behind(1, "127.0.0.1"))).toBe("::1");
    // A hop count with no proxy listed believes nobody.
    expect(clientAddress("127.0.0.1", "203.0.113.66", behind(1))).toBe("127.0.0.1");
  });

  it("matches proxies by CIDR range, IPv4 and IPv6, and IPv4 peers reported as IPv6", () => {
    const trust = behind(1, "10.0.0.0/8", "fd00::/8");
    expect(clientAddress("10.20.30.40", "192.0.2.7", trust)).toBe("192.0.2.7");
    expect(clientAddress("::ffff:10.1.2.3", "192.0.2.7", trust)).toBe("192.0.2.7");
    expect(clientAddress("fd12:3456::1", "2001:db8::7", trust)).toBe("2001:db8::7");
    expect(clientAddress("11.0.0.1", "192.0.2.7", trust)).toBe("11.0.0.1");
    expect(clientAddress("fe80::1", "192.0.2.7", trust)).toBe("fe80::1");
  });

  it("with two trusted proxies, counts two from the right, each of them trusted", () => {
    expect(clientAddress("10.0.0.2", "203.0.113.66, 192.0.2.7, 10.0.0.1", behind(2, "10.0.0.0/24"))).toBe("192.0.2.7");
    // The inner hop is not a listed proxy, so what it says about 203.0.113.66 is not believed.
    expect(clientAddress("10.0.0.2", "203.0.113.66, 198.51.100.9", behind(2, "10.0.0.0/24"))).toBe("198.51.100.9");
  });

  it("falls back to the last trusted address when the header is missing, too short or not an address", () => {
    expect(clientAddress("127.0.0.1", undefined, behind(1, "127.0.0.1"))).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "192.0.2.7", behind(3, "127.0.0.1"))).toBe("192.0.2.7");
    expect(clientAddress("127.0.0.1", "<script>", behind(1, "127.0.0.1"))).toBe("127.0.0.1");
    expect(clientAddress(undefined, undefined, NO_PROXY)).toBeNull();
  });

  it("accepts IPv6 clients", () => {
    expect(clientAddress("127.0.0.1", "2001:db8::1", behind(1, "127.0.0.1"))).toBe("2001:db8::1");
  });
});

describe("trustedProxyList", () => {
  it.each(["localhost", "10.0.0.0/33", "::1/129", "10.0.0.0/8/1", "10.0.0.0/x", ""])("refuses %j", (entry) => {
    expect(() => trustedProxyList([entry])).toThrow(/is not an IP address or a CIDR range/);
  });
});

describe("isLoopbackAddress", () => {
  it("is true only for this machine's own addresses", () => {
    expect(["127.0.0.1", "127.8.9.10", "::1"].map(isLoopbackAddress)).toEqual([true, true, true]);
    expect(["192.0.2.1", "0.0.0.0", "::", "2001:db8::1", "not an address", null].map(isLoopbackAddress)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
