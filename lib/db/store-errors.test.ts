import { describe, expect, it } from "vitest";
import { isStoreUnreachable } from "@/lib/db/store-errors";

describe("isStoreUnreachable", () => {
  it.each([
    Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: "P1001" }),
    Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    new Error("Connection terminated unexpectedly"),
  ])("recognises an outage: %s", (error) => {
    expect(isStoreUnreachable(error)).toBe(true);
  });

  it.each([Object.assign(new Error("Unique constraint failed"), { code: "P2002" }), new Error("boom"), null, "text"])(
    "does not mistake other failures for one: %s",
    (error) => {
      expect(isStoreUnreachable(error)).toBe(false);
    },
  );
});
