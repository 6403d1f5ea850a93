import { describe, expect, it } from "vitest";
import { newAuthTrace } from "@/lib/auth/read/session-read-trace";
import { serverTimingHeader } from "@/lib/lab/server-timing";

describe("serverTimingHeader", () => {
  it("reports only the auth time when nothing was queried", () => {
    const trace = { ...newAuthTrace("jwt"), authMs: 0.4567 };
    expect(serverTimingHeader(trace)).toBe('auth;dur=0.457;desc="jwt"');
  });

  it("adds the database time and query count", () => {
    const trace = { ...newAuthTrace("database"), authMs: 2, dbMs: 1.25, dbQueries: 2 };
    expect(serverTimingHeader(trace)).toBe('auth;dur=2.000;desc="database", db;dur=1.250;desc="2 queries"');
  });
});
