import { describe, expect, it } from "vitest";
import { rateLimitClient } from "@/lib/auth/rate-limits/client-bucket";

describe("rateLimitClient", () => {
  it("counts an IPv4 client by its address", () => {
    expect(rateLimitClient("192.0.2.7")).toBe("192.0.2.7");
    expect(rateLimitClient("::ffff:192.0.2.7")).toBe("192.0.2.7");
  });

  it("counts every address of one IPv6 /64 as one client", () => {
    const network = "2001:db8:1234:5678::/64";
    for (const address of [
      "2001:db8:1234:5678::1",
      "2001:db8:1234:5678:ffff:ffff:ffff:ffff",
      "2001:0DB8:1234:5678:0:0:0:2",
      "2001:db8:1234:5678:a:b:192.0.2.1",
      "2001:db8:1234:5678::9%eth0",
    ]) {
      expect(rateLimitClient(address), address).toBe(network);
    }
  });

  it("keeps different /64s apart, however the addresses are written", () => {
    expect(rateLimitClient("2001:db8:1234:5679::1")).toBe("2001:db8:1234:5679::/64");
    expect(rateLimitClient("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(rateLimitClient("::1")).toBe("0:0:0:0::/64");
    expect(rateLimitClient("fe80::1:2:3:4")).toBe("fe80:0:0:0::/64");
  });

  it("puts requests with no known address in one bucket", () => {
    expect(rateLimitClient(null)).toBe("unknown");
  });
});
