import { describe, expect, it } from "vitest";
import { toSessionDto } from "@/lib/auth/session/types";

describe("toSessionDto", () => {
  it("copies only public user fields from a database row", () => {
    const row = {
      id: "u1",
      name: "Ada",
      email: "ada@example.com",
      image: null,
      emailVerified: null,
      passwordHash: "scrypt$32768$8$1$salt$hash",
      sessionToken: "opaque-token",
    };
    const dto = toSessionDto(row, new Date("2030-01-01T00:00:00Z"));
    expect(dto).toEqual({
      user: { id: "u1", name: "Ada", email: "ada@example.com", image: null },
      expires: "2030-01-01T00:00:00.000Z",
    });
    expect(JSON.stringify(dto)).not.toMatch(/passwordHash|scrypt|opaque-token/);
  });

  it("maps JWT claims the same way", () => {
    const dto = toSessionDto(
      { id: "u2", name: null, email: "b@example.com", image: "https://x/y.png" },
      "2030-01-01T00:00:00.000Z",
    );
    expect(dto.user).toEqual({ id: "u2", name: null, email: "b@example.com", image: "https://x/y.png" });
  });
});
