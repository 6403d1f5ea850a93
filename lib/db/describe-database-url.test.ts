import { describe, expect, it } from "vitest";
import { describeDatabaseUrl } from "@/lib/db/describe-database-url";

describe("describeDatabaseUrl", () => {
  it("keeps host, port and database, and drops the credentials", () => {
    const url = "postgresql://lab:s3cret@db.example.com:6543/session_lab";
    expect(describeDatabaseUrl(url)).toBe("db.example.com:6543/session_lab");
    expect(describeDatabaseUrl(url, { withDatabase: false })).toBe("db.example.com:6543");
    expect(describeDatabaseUrl(url)).not.toContain("s3cret");
  });

  it("defaults the port and survives garbage", () => {
    expect(describeDatabaseUrl("postgresql://db/x")).toBe("db:5432/x");
    expect(describeDatabaseUrl("not a url")).toBe("the configured database");
  });
});
