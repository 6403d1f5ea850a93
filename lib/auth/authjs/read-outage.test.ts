import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { envWith } from "@/lib/testing/env-with";
import { MODE_COOKIE_NAME, sessionCookieName } from "@/lib/auth/cookies";
import { readSession } from "@/lib/auth/authjs/read";
import { SESSION_READ_PATHS } from "@/lib/auth/mode";
import { newSessionToken } from "@/lib/auth/tokens/opaque-token";
import { sealSessionToken } from "@/lib/auth/tokens/seal";
import { deriveSessionKeyRing } from "@/lib/auth/tokens/keys";

// The database is down: both read paths must say so, never "signed out". Port 1 on loopback refuses
// connections, which is what the driver sees when PostgreSQL is down; the app's one pool and client point there.
const SECRET = "read-outage-secret-that-is-long-enough-0000000";
const COOKIE = sessionCookieName(false);
const env = envWith({ AUTH_SECRET: SECRET, AUTH_PREVIOUS_SECRETS: "", AUTH_JWT_REVOCATION_CHECK: "on" });
const unreachableUrl = "postgresql://lab@127.0.0.1:1/lab";

beforeAll(() => {
  globalThis.labDatabasePool = new pg.Pool({ connectionString: unreachableUrl });
  globalThis.labPrisma = new PrismaClient({ adapter: new PrismaPg(globalThis.labDatabasePool) });
});

afterAll(async () => {
  await globalThis.labPrisma?.$disconnect();
  globalThis.labDatabasePool = undefined;
  globalThis.labPrisma = undefined;
});

function headersFor(mode: string, value: string) {
  return new Headers({ cookie: `${MODE_COOKIE_NAME}=${mode}; ${COOKIE}=${value}` });
}

describe.each(SESSION_READ_PATHS)("the %s read during a database outage", (path) => {
  it("answers store-unavailable for a database session, not signed out", async () => {
    const current = await readSession(headersFor("database", newSessionToken()), path, env);
    expect(current.status).toBe("store-unavailable");
  });

  it("answers store-unavailable for a token whose grant must be checked on every read", async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: "c-outage-user", sid: "c-outage-grant", authTime: now - 60, renewedAt: now - 10 };
    const token = sealSessionToken(claims, deriveSessionKeyRing([SECRET], COOKIE), now + 600);
    const current = await readSession(headersFor("jwt", token), path, env);
    expect(current.status).toBe("store-unavailable");
  });

  it("still answers signed out for garbage, which needs no database", async () => {
    const current = await readSession(headersFor("jwt", "garbage"), path, env);
    expect(current.status).toBe("signed-out");
  });
});
