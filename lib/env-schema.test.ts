import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env-schema";

const valid = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db",
  AUTH_SECRET: "a".repeat(44),
} as const;

describe("parseEnv", () => {
  it("defaults to database mode with the outbox off in production", () => {
    const env = parseEnv({ ...valid });
    expect(env.AUTH_DEFAULT_MODE).toBe("database");
    expect(env.outboxEnabled).toBe(false);
    expect(env.secureCookies).toBe(false);
  });

  it("explains a missing AUTH_SECRET in one line", () => {
    expect(() => parseEnv({ ...valid, AUTH_SECRET: undefined })).toThrow(/^Invalid environment\. AUTH_SECRET: AUTH_SECRET is not set[^\n]*$/);
  });

  it("rejects a short secret and an unknown default mode together", () => {
    expect(() => parseEnv({ ...valid, AUTH_SECRET: "short", AUTH_DEFAULT_MODE: "cookie" })).toThrow(
      /AUTH_SECRET: AUTH_SECRET must be at least 32 characters.*AUTH_DEFAULT_MODE/,
    );
  });

  it("turns the outbox on when asked, and off whenever SMTP is configured", () => {
    expect(parseEnv({ ...valid, LAB_OUTBOX: "on" }).outboxEnabled).toBe(true);
    expect(parseEnv({ ...valid, LAB_OUTBOX: "on", EMAIL_SERVER: "smtp://localhost:2525" }).outboxEnabled).toBe(false);
    expect(parseEnv({ ...valid, NODE_ENV: "development" }).outboxEnabled).toBe(true);
  });

  it("uses secure cookies when the site is served over https", () => {
    expect(parseEnv({ ...valid, AUTH_URL: "https://lab.example.com" }).secureCookies).toBe(true);
  });
});
