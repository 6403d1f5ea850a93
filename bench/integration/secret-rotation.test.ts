import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { decode, encode } from "next-auth/jwt";
import { hashPassword } from "@/lib/auth/passwords/password";
import { sessionCookieName } from "@/lib/auth/cookies";
import { signInOverHttp } from "@/bench/harness/sign-in";
import { appEnvironment, spawnNextServer, stopProcess, waitForHealthy } from "@/lib/launch/next-server";

// A real production server, restarted with a rotated secret under two signed-in clients.
const PORT = 3377;
const BASE = `http://127.0.0.1:${PORT}`;
const SECRET_A = "rotation-secret-a-long-enough-for-auth-js-00000";
const SECRET_B = "rotation-secret-b-long-enough-for-auth-js-00000";
const PASSWORD = "rotation password 1";
const email = `rotation-${randomUUID()}@example.com`;
const cookieName = sessionCookieName(false);

let server: ChildProcess | undefined;

async function startServer(secrets: Record<string, string>) {
  const env = appEnvironment({
    dev: false,
    databaseUrl: process.env.DATABASE_URL!,
    secret: SECRET_A,
    publicUrl: `http://localhost:${PORT}`,
    instanceName: "rotation",
    dataDir: path.join(tmpdir(), `lab-rotation-${process.pid}`),
  });
  server = spawnNextServer({ dev: false, port: PORT, hostname: "127.0.0.1", env: { ...env, ...secrets }, label: "rotation" });
  await waitForHealthy(`${BASE}/api/health`, server, 90_000);
}

/** GET /api/me with a client's cookies: its status, whom it names, and the session token it re-set, if any. */
async function me(cookie: string) {
  const response = await fetch(`${BASE}/api/me`, { headers: { cookie } });
  const body = (await response.json()) as { session?: { user?: { email?: string } } };
  const reissued = response.headers
    .getSetCookie()
    .find((line) => line.startsWith(`${cookieName}=`))
    ?.split(";")[0]
    ?.slice(cookieName.length + 1);
  return { status: response.status, email: body.session?.user?.email, reissued };
}

/** The same cookies with the token's last renewal moved back past the renewal age (re-sealed under SECRET_A), so the next read renews it. */
async function withRenewalDue(cookie: string): Promise<string> {
  const token =
    cookie
      .split("; ")
      .find((pair) => pair.startsWith(`${cookieName}=`))
      ?.slice(cookieName.length + 1) ?? "";
  const claims = await decode({ token, secret: SECRET_A, salt: cookieName });
  if (!claims) throw new Error("The signed-in client's token did not open under SECRET_A");
  const renewedAt = Math.floor(Date.now() / 1000) - 60 * 60;
  const stale = await encode({ token: { ...claims, renewedAt }, secret: SECRET_A, salt: cookieName, maxAge: 600 });
  return cookie.replace(token, stale);
}

beforeAll(async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", "emailVerified", "updatedAt") VALUES ($1, $2, 'Rotation', $3, now(), now())`,
    [`c${randomUUID().replaceAll("-", "").slice(0, 24)}`, email, await hashPassword(PASSWORD)],
  );
  await client.end();
}, 60_000);

afterAll(async () => {
  await stopProcess(server);
}, 30_000);

describe("rotating AUTH_SECRET under signed-in clients", () => {
  it("signs nobody out, in either mode, and seals renewed tokens with the new secret", async () => {
    await startServer({ AUTH_SECRET: SECRET_A, AUTH_PREVIOUS_SECRETS: "" });
    const cookies = {
      jwt: await signInOverHttp(BASE, "jwt", email, PASSWORD),
      database: await signInOverHttp(BASE, "database", email, PASSWORD),
    };
    await stopProcess(server);

    await startServer({ AUTH_SECRET: SECRET_B, AUTH_PREVIOUS_SECRETS: SECRET_A });
    const database = await me(cookies.database);
    expect({ status: database.status, email: database.email }).toEqual({ status: 200, email });
    const jwt = await me(await withRenewalDue(cookies.jwt));
    expect({ status: jwt.status, email: jwt.email }).toEqual({ status: 200, email });
    // The token sealed under A came back sealed under B: the first secret seals, the others only open.
    expect(await decode({ token: jwt.reissued, secret: SECRET_B, salt: cookieName })).toMatchObject({ email });
    await expect(decode({ token: jwt.reissued, secret: SECRET_A, salt: cookieName })).rejects.toThrow();
  }, 240_000);
});
