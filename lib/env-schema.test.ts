import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env-schema";

const valid = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db",
  AUTH_SECRET: "a".repeat(44),
  AUTH_URL: "http://localhost:3000",
} as const;

describe("parseEnv", () => {
  it("defaults to database mode with the outbox off in production", () => {
    const env = parseEnv({ ...valid });
    expect(env.AUTH_DEFAULT_MODE).toBe("database");
    expect(env.outboxEnabled).toBe(false);
    expect(env.secureCookies).toBe(false);
  });

  it("gives a hybrid token 60 s by default, and refuses lifetimes outside 5 s to an hour", () => {
    expect(parseEnv({ ...valid }).AUTH_HYBRID_TOKEN_TTL).toBe(60);
    expect(parseEnv({ ...valid, AUTH_HYBRID_TOKEN_TTL: "30" }).AUTH_HYBRID_TOKEN_TTL).toBe(30);
    expect(() => parseEnv({ ...valid, AUTH_HYBRID_TOKEN_TTL: "1" })).toThrow(
      /AUTH_HYBRID_TOKEN_TTL is in seconds and must be at least 5/,
    );
    expect(() => parseEnv({ ...valid, AUTH_HYBRID_TOKEN_TTL: "7200" })).toThrow(/at most 3600/);
  });

  it("explains a missing AUTH_SECRET in one line", () => {
    expect(() => parseEnv({ ...valid, AUTH_SECRET: undefined })).toThrow(
      /^Invalid environment\. AUTH_SECRET: AUTH_SECRET is not set[^\n]*$/,
    );
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

  it("requires the public URL in production, so links never come from a client's Host header", () => {
    expect(() => parseEnv({ ...valid, AUTH_URL: undefined })).toThrow(/AUTH_URL: AUTH_URL is not set/);
    expect(parseEnv({ ...valid, NODE_ENV: "development", AUTH_URL: undefined }).AUTH_URL).toBeUndefined();
  });

  it("uses secure cookies when the site is served over https", () => {
    expect(parseEnv({ ...valid, AUTH_URL: "https://lab.example.com" }).secureCookies).toBe(true);
  });

  it("seals with AUTH_SECRET and still opens with the previous secrets, in order", () => {
    const previous = ["b".repeat(40), "c".repeat(40)];
    expect(parseEnv({ ...valid, AUTH_PREVIOUS_SECRETS: ` ${previous.join(" , ")} ` }).authSecrets).toEqual([
      valid.AUTH_SECRET,
      ...previous,
    ]);
    expect(parseEnv({ ...valid }).authSecrets).toEqual([valid.AUTH_SECRET]);
    expect(() => parseEnv({ ...valid, AUTH_PREVIOUS_SECRETS: "short" })).toThrow(/AUTH_PREVIOUS_SECRETS/);
  });

  it("trusts no proxy hops unless told, and refuses nonsense", () => {
    expect(parseEnv({ ...valid }).AUTH_TRUSTED_PROXY_HOPS).toBe(0);
    expect(parseEnv({ ...valid, AUTH_TRUSTED_PROXY_HOPS: "1", AUTH_TRUSTED_PROXIES: "127.0.0.1" }).AUTH_TRUSTED_PROXY_HOPS).toBe(
      1,
    );
    expect(() => parseEnv({ ...valid, AUTH_TRUSTED_PROXY_HOPS: "-1" })).toThrow(/AUTH_TRUSTED_PROXY_HOPS/);
  });

  it("believes X-Forwarded-For only from listed proxies, and refuses a hop count with none listed", () => {
    expect(parseEnv({ ...valid, AUTH_TRUSTED_PROXIES: " 127.0.0.1 , 10.0.0.0/8,::1" }).AUTH_TRUSTED_PROXIES).toEqual([
      "127.0.0.1",
      "10.0.0.0/8",
      "::1",
    ]);
    expect(parseEnv({ ...valid }).AUTH_TRUSTED_PROXIES).toEqual([]);
    expect(() => parseEnv({ ...valid, AUTH_TRUSTED_PROXY_HOPS: "1" })).toThrow(/AUTH_TRUSTED_PROXIES is empty/);
    expect(() => parseEnv({ ...valid, AUTH_TRUSTED_PROXIES: "nginx.internal" })).toThrow(
      /AUTH_TRUSTED_PROXIES: "nginx.internal" is not an IP address/,
    );
  });

  it("takes an optional redis:// URL, treats a blank one as unset, and refuses any other scheme", () => {
    expect(parseEnv({ ...valid }).REDIS_URL).toBeUndefined();
    expect(parseEnv({ ...valid, REDIS_URL: " " }).REDIS_URL).toBeUndefined();
    expect(parseEnv({ ...valid, REDIS_URL: "redis://:pw@127.0.0.1:6390" }).REDIS_URL).toBe("redis://:pw@127.0.0.1:6390");
    expect(parseEnv({ ...valid, REDIS_URL: "rediss://cache.example.com:6380" }).REDIS_URL).toBe(
      "rediss://cache.example.com:6380",
    );
    expect(() => parseEnv({ ...valid, REDIS_URL: "http://127.0.0.1:6379" })).toThrow(/REDIS_URL: REDIS_URL must be a redis:\/\//);
    expect(() => parseEnv({ ...valid, REDIS_URL: "not a url" })).toThrow(/REDIS_URL/);
  });

  it("refuses plain redis:// to another host unless REDIS_ALLOW_PLAINTEXT=1, and allows it on loopback", () => {
    expect(() => parseEnv({ ...valid, REDIS_URL: "redis://:pw@cache.example.com:6379" })).toThrow(
      /REDIS_URL: REDIS_URL reaches cache\.example\.com:6379 over plain redis:\/\/.*use rediss:\/\/ \(TLS\), or set REDIS_ALLOW_PLAINTEXT=1/,
    );
    expect(() => parseEnv({ ...valid, REDIS_URL: "redis://:pw@cache.example.com:6379" })).not.toThrow(/:pw@/);
    expect(() => parseEnv({ ...valid, REDIS_URL: "redis://10.0.0.5:6379", REDIS_ALLOW_PLAINTEXT: "0" })).toThrow(/rediss:\/\//);
    expect(parseEnv({ ...valid, REDIS_URL: "redis://10.0.0.5:6379", REDIS_ALLOW_PLAINTEXT: "1" }).REDIS_URL).toBe(
      "redis://10.0.0.5:6379",
    );
    for (const loopback of ["redis://127.0.0.1:6390", "redis://localhost:6390", "redis://[::1]:6390", "redis://127.1.2.3:1"])
      expect(parseEnv({ ...valid, REDIS_URL: loopback }).REDIS_URL).toBe(loopback);
    expect(() => parseEnv({ ...valid, REDIS_ALLOW_PLAINTEXT: "yes" })).toThrow(/REDIS_ALLOW_PLAINTEXT/);
  });
});
