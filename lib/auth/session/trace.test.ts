import { describe, expect, it } from "vitest";
import { newReadTrace, serverTimingHeader } from "@/lib/auth/session/trace";

describe("serverTimingHeader", () => {
  it("reports only the auth time when nothing was queried", () => {
    const trace = { ...newReadTrace("jwt"), authMs: 0.4567 };
    expect(serverTimingHeader(trace)).toBe('auth;dur=0.457;desc="jwt"');
  });

  it("adds the database time and query count", () => {
    const trace = { ...newReadTrace("database"), authMs: 2, dbMs: 1.25, dbQueries: 2 };
    expect(serverTimingHeader(trace)).toBe('auth;dur=2.000;desc="database", db;dur=1.250;desc="2 queries"');
  });
});
