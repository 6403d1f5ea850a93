import { describe, expect, it } from "vitest";
import { describeRedisUrl } from "@/lib/db/describe-redis-url";

describe("describeRedisUrl", () => {
  it("keeps host and port and drops the password", () => {
    const url = "redis://:s3cret@cache.example.com:6380/0";
    expect(describeRedisUrl(url)).toBe("cache.example.com:6380");
    expect(describeRedisUrl(url)).not.toContain("s3cret");
  });

  it("defaults the port and survives garbage", () => {
    expect(describeRedisUrl("redis://cache")).toBe("cache:6379");
    expect(describeRedisUrl("not a url")).toBe("the configured Redis");
  });
});
