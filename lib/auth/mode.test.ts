import { describe, expect, it } from "vitest";
import { resolveMode, resolveSetup, MODE_COOKIE_VALUES, sessionModeSchema, modeCookieValue } from "@/lib/auth/mode";

describe("resolveMode", () => {
  it("keeps a known mode", () => {
    expect(resolveMode("jwt", "database")).toBe("jwt");
    expect(resolveMode("database", "jwt")).toBe("database");
  });

  it.each([undefined, null, "", "JWT", "session", "database; drop table", "jwt "])(
    "falls back to the default for %j",
    (value) => {
      expect(resolveMode(value, "database")).toBe("database");
      expect(resolveMode(value, "jwt")).toBe("jwt");
    },
  );

  it("rejects unknown modes at the form boundary", () => {
    expect(sessionModeSchema.safeParse("cookie").success).toBe(false);
  });
});

describe("resolveSetup", () => {
  it.each([
    ["jwt", { mode: "jwt", store: null }],
    ["database", { mode: "database", store: "postgres" }],
    ["database:postgres", { mode: "database", store: "postgres" }],
    ["database:redis", { mode: "database", store: "redis" }],
    ["database:memory", { mode: "database", store: "memory" }],
    ["jwt:redis", { mode: "jwt", store: null }],
    ["hybrid", { mode: "hybrid", store: "postgres" }],
    ["hybrid:redis", { mode: "hybrid", store: "redis" }],
    ["hybrid:mongo", { mode: "hybrid", store: "postgres" }],
  ] as const)("reads %j", (value, setup) => {
    expect(resolveSetup(value, "jwt")).toEqual(setup);
  });

  it.each(["database:mongo", "database:", "database:REDIS", "database:redis:extra", "database:../../etc"])(
    "falls back to the default store for %j",
    (value) => {
      expect(resolveSetup(value, "jwt")).toEqual({ mode: "database", store: "postgres" });
    },
  );

  it.each([undefined, "", "HYBRID", ":redis", "redis"])("falls back to the default mode for %j", (value) => {
    expect(resolveSetup(value, "jwt")).toEqual({ mode: "jwt", store: null });
  });

  it("writes each setup as the value it reads back", () => {
    for (const value of MODE_COOKIE_VALUES) expect(modeCookieValue(resolveSetup(value, "jwt"))).toBe(value);
  });
});
