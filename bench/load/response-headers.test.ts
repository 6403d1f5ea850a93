import { describe, expect, it } from "vitest";
import { cookieLifetimeSeconds, storeQueriesInServerTiming } from "@/bench/load/response-headers";

describe("storeQueriesInServerTiming", () => {
  it("reads the db entry's query count, and 0 without one", () => {
    expect(storeQueriesInServerTiming('auth;dur=0.412;desc="hybrid"')).toBe(0);
    expect(storeQueriesInServerTiming('auth;dur=1.2;desc="hybrid", db;dur=0.8;desc="1 query"')).toBe(1);
    expect(storeQueriesInServerTiming('auth;dur=1.2;desc="database", db;dur=0.8;desc="2 queries"')).toBe(2);
  });
});

describe("cookieLifetimeSeconds", () => {
  it("is the Set-Cookie's expiry less the response's date, or its Max-Age", () => {
    const date = "Fri, 27 Nov 2026 06:00:00 GMT";
    expect(
      cookieLifetimeSeconds(
        ["a=1", "lab-hybrid-token=x; Path=/; Expires=Fri, 27 Nov 2026 06:00:05 GMT"],
        "lab-hybrid-token",
        date,
      ),
    ).toBe(5);
    expect(cookieLifetimeSeconds(["__Host-lab-hybrid-token=x; Max-Age=60"], "lab-hybrid-token", null)).toBe(60);
    expect(cookieLifetimeSeconds(["a=1"], "lab-hybrid-token", date)).toBeUndefined();
  });
});
