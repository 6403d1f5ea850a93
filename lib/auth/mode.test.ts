import { describe, expect, it } from "vitest";
import { resolveMode, sessionModeSchema } from "@/lib/auth/mode";

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
