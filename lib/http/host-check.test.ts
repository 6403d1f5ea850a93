import { describe, expect, it } from "vitest";
import { hostCheck, isAllowedHost } from "@/lib/http/host-check";

const local = { publicUrl: "http://localhost:3000", listenPort: 3000 };
const cluster = { publicUrl: "http://localhost:8080", listenPort: 3301 };
const deployed = { publicUrl: "https://lab.example.com", listenPort: 3000 };

describe("isAllowedHost", () => {
  it.each(["localhost:3000", "LOCALHOST:3000", "127.0.0.1:3000", "[::1]:3000"])("accepts %s for a local site", (host) => {
    expect(isAllowedHost(host, local)).toBe(true);
  });

  it.each([
    "rebind.evil.example:3000",
    "evil.example",
    "localhost:3001",
    "localhost",
    "127.0.0.2:3000",
    "localhost.evil.example:3000",
    "user@localhost:3000",
    "localhost:3000/path",
    "localhost:3000 evil",
    "",
    undefined,
  ])("refuses %j for a local site", (host) => {
    expect(isAllowedHost(host, local)).toBe(false);
  });

  it("accepts what nginx forwards and direct loopback calls on the instance's own port", () => {
    expect(isAllowedHost("localhost:8080", cluster)).toBe(true);
    expect(isAllowedHost("127.0.0.1:8080", cluster)).toBe(true);
    expect(isAllowedHost("127.0.0.1:3301", cluster)).toBe(true);
    expect(isAllowedHost("evil.example:8080", cluster)).toBe(false);
  });

  it("accepts the public host with or without its default port, and nothing else", () => {
    expect(isAllowedHost("lab.example.com", deployed)).toBe(true);
    expect(isAllowedHost("lab.example.com:443", deployed)).toBe(true);
    expect(isAllowedHost("lab.example.com:80", deployed)).toBe(false);
    expect(isAllowedHost("other.example.com", deployed)).toBe(false);
    expect(isAllowedHost("localhost:3000", deployed)).toBe(true);
  });

  it("without a public URL, answers only loopback names on its own port", () => {
    expect(isAllowedHost("localhost:4000", { listenPort: 4000 })).toBe(true);
    expect(isAllowedHost("example.com:4000", { listenPort: 4000 })).toBe(false);
  });
});

describe("hostCheck", () => {
  it("answers many requests from one policy worked out once", () => {
    const check = hostCheck(deployed);
    expect(["lab.example.com", "LAB.example.com:443", "127.0.0.1:3000", "[::1]:443"].map(check)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(["lab.example.com:80", "lab.example.com.:443", "127.0.0.1:80", "127.0.0.1:3000 ", undefined].map(check)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
