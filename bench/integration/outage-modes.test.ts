import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/passwords/password";
import { HYBRID_TOKEN_COOKIE } from "@/lib/auth/cookies";
import { HYBRID_CLOCK_TOLERANCE_SECONDS } from "@/lib/auth/tokens/hybrid-token";
import type { ModeCookieValue } from "@/lib/auth/mode";
import { migrate } from "@/lib/db/migrate";
import { signInOverHttp } from "@/bench/harness/sign-in";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/launch/embedded-postgres";
import { freeLoopbackPort, type LaunchRedis } from "@/lib/launch/redis";
import { startOwnRedis } from "@/lib/launch/own-redis";
import { eventually, startProcess, type RunningProcess } from "@/bench/harness/child-process";
import { SERVE_ARGS } from "@/lib/launch/next-server";

// Real processes: the site's production server (lib/server/serve.ts) on a PostgreSQL and a redis-server of this
// file's own, which the tests stop under the running site, one at a time, with a browser of each mode signed in.
const DATA_DIR = path.join(process.env.LAB_TEST_DATA_DIR ?? ".data/test", "outage-modes");
const SECRET = "outage-modes-secret-that-is-long-enough-000000";
const PASSWORD = "outage modes password 1";
// Short, so that a token runs out within the test; long enough to ask every browser before it does.
const HYBRID_TOKEN_TTL_SECONDS = 10;
// One machine, one clock: the allowance is for requests in flight.
const SKEW_SECONDS = 2;

let appPort = 0;
let databasePort = 0;
let redisPort = 0;
let database: EmbeddedPostgres | undefined;
let redis: LaunchRedis | undefined;
let server: RunningProcess | undefined;
const base = () => `http://localhost:${appPort}`;

const startOwnDatabase = () =>
  startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, "postgres"), port: databasePort, log: () => undefined });

/** Stops Redis after a snapshot, so that the one started again comes back with the sessions, as a persistent Redis would. */
async function stopOwnRedis(): Promise<void> {
  const client = createClient({ url: redis!.adminUrl, socket: { reconnectStrategy: false } });
  await client.connect();
  try {
    await client.sendCommand(["SAVE"]);
  } finally {
    client.destroy();
  }
  await redis!.stop();
  redis = undefined;
}

async function createUser(email: string): Promise<void> {
  const client = new pg.Client({ connectionString: database!.url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", "emailVerified", "updatedAt") VALUES ($1, $2, $3, $4, now(), now())`,
      [`c${randomUUID().replaceAll("-", "").slice(0, 24)}`, email, "Outage Person", await hashPassword(PASSWORD)],
    );
  } finally {
    await client.end();
  }
}

// Bounded: a request that hangs fails its test instead of the whole file.
const get = (route: string, cookie: string) =>
  fetch(`${base()}${route}`, { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(10_000) });

/** The hybrid token a response sets, as the `name=value` pair a browser sends back. */
function hybridTokenSet(response: Response): string | undefined {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0] ?? "")
    .find((pair) => pair.startsWith(`${HYBRID_TOKEN_COOKIE}=`) && pair.length > HYBRID_TOKEN_COOKIE.length + 1);
}

/** /api/me as one browser sees it: status, whether the read asked the store (Server-Timing `db`), cookies set, body. */
async function readMe(cookie: string) {
  const response = await get("/api/me", cookie);
  return {
    status: response.status,
    storeRead: /(^|,\s*)db;/.test(response.headers.get("server-timing") ?? ""),
    setCookies: response.headers.getSetCookie(),
    hybridToken: hybridTokenSet(response),
    // Text, not JSON: a 500 from Next has an empty body, and the status should be what a failure reports.
    body: await response.text(),
  };
}

type Browser = "jwt" | "database" | "hybrid, token valid" | "hybrid, no token yet" | "hybrid, token expired";

/** The stores this file can take down under the running site, and the setups whose sessions live in each. */
const OUTAGES = [
  {
    store: "Redis",
    database: "database:redis",
    hybrid: "hybrid:redis",
    stop: stopOwnRedis,
    start: async () => void (redis = await startOwnRedis(DATA_DIR, redisPort)),
    isDown: () => redis === undefined,
  },
  {
    store: "PostgreSQL",
    database: "database",
    hybrid: "hybrid",
    stop: async () => {
      await database!.stop();
      database = undefined;
    },
    start: async () => void (database = await startOwnDatabase()),
    isDown: () => database === undefined,
  },
] as const satisfies readonly {
  store: string;
  database: ModeCookieValue;
  hybrid: ModeCookieValue;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  isDown: () => boolean;
}[];

beforeAll(async () => {
  await rm(DATA_DIR, { recursive: true, force: true });
  [appPort, databasePort, redisPort] = [await freeLoopbackPort(), await freeLoopbackPort(), await freeLoopbackPort()];
  database = await startOwnDatabase();
  await migrate(database.url, "prisma/migrations");
  redis = await startOwnRedis(DATA_DIR, redisPort);
  const started = startProcess(process.execPath, [...SERVE_ARGS, "--port", String(appPort), "--hostname", "127.0.0.1"], {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    AUTH_SECRET: SECRET,
    AUTH_URL: base(),
    LAB_INSTANCE_NAME: "outage-modes",
    AUTH_HYBRID_TOKEN_TTL: String(HYBRID_TOKEN_TTL_SECONDS),
    // jwt mode as it ships: no revocation check, so no database call on a read.
    AUTH_JWT_REVOCATION_CHECK: "off",
    // Every sign-in here comes from 127.0.0.1; the limits are tested elsewhere.
    AUTH_RATE_LIMIT_PASSWORD_PER_ACCOUNT: "1000",
    AUTH_RATE_LIMIT_PASSWORD_PER_CLIENT: "1000",
  });
  server = started;
  const up = await Promise.race([
    eventually(async () => (await fetch(`${base()}/api/health`)).ok, 60_000),
    started.exited.then(() => false),
  ]);
  if (!up) throw new Error(`The site did not come up:\n${started.output()}`);
}, 120_000);

afterAll(async () => {
  server?.child.kill("SIGTERM");
  await server?.exited;
  await redis?.stop();
  await database?.stop();
}, 60_000);

describe.each(OUTAGES)("while $store is down", (outage) => {
  const email = `outage-${outage.store.toLowerCase()}-${randomUUID()}@example.com`;
  const cookies = {} as Record<Browser, string>;
  const tokenIssuedAt: Partial<Record<Browser, number>> = {};

  beforeAll(async () => {
    await createUser(email);
    cookies.jwt = await signInOverHttp(base(), "jwt", email, PASSWORD);
    cookies.database = await signInOverHttp(base(), outage.database, email, PASSWORD);
    // Signed in, never read since: the session cookie alone.
    cookies["hybrid, no token yet"] = await signInOverHttp(base(), outage.hybrid, email, PASSWORD);
    // Two browsers that read once and keep the token that read issued; one will be asked again once it has run out.
    for (const browser of ["hybrid, token expired", "hybrid, token valid"] as const) {
      const session = await signInOverHttp(base(), outage.hybrid, email, PASSWORD);
      const first = await readMe(session);
      tokenIssuedAt[browser] = Date.now();
      if (first.status !== 200 || !first.hybridToken)
        throw new Error(`The first hybrid read answered ${first.status} with no token`);
      cookies[browser] = `${session}; ${first.hybridToken}`;
    }
    await outage.stop();
  }, 60_000);

  afterAll(async () => {
    // A failed test must not leave the next outage without this store.
    if (outage.isDown()) await outage.start();
  }, 60_000);

  it.each([
    { browser: "jwt", status: 200, storeRead: false },
    { browser: "database", status: 503, storeRead: true },
    { browser: "hybrid, token valid", status: 200, storeRead: false },
    { browser: "hybrid, no token yet", status: 503, storeRead: true },
    { browser: "hybrid, token expired", status: 503, storeRead: true },
  ] as const satisfies readonly { browser: Browser; status: 200 | 503; storeRead: boolean }[])(
    "$browser: /api/me answers $status (store asked: $storeRead), the cookie kept",
    async ({ browser, status, storeRead }) => {
      const cookie = cookies[browser];
      if (browser === "hybrid, token valid") {
        // Not a test of timing: a machine too slow to get here within the token's life says so.
        expect((Date.now() - tokenIssuedAt[browser]!) / 1000).toBeLessThan(HYBRID_TOKEN_TTL_SECONDS);
      }
      if (browser === "hybrid, token expired") {
        // It reads from its token until the token runs out (the outage does not cut that short), then needs the store.
        // Tokens open until the clock tolerance past their expiry, as Auth.js's do.
        const lifeSeconds = HYBRID_TOKEN_TTL_SECONDS + HYBRID_CLOCK_TOLERANCE_SECONDS;
        const readsUntil = tokenIssuedAt[browser]! + (lifeSeconds + SKEW_SECONDS) * 1000;
        let last = await readMe(cookie);
        while (last.status === 200 && Date.now() < readsUntil) {
          expect(last.storeRead).toBe(false);
          await new Promise((resolve) => setTimeout(resolve, 250));
          last = await readMe(cookie);
        }
        const carriedSeconds = (Date.now() - tokenIssuedAt[browser]!) / 1000;
        expect(carriedSeconds).toBeGreaterThan(HYBRID_TOKEN_TTL_SECONDS);
        expect(carriedSeconds).toBeLessThanOrEqual(lifeSeconds + SKEW_SECONDS);
      }

      const me = await readMe(cookie);
      expect(me.status).toBe(status);
      expect(me.storeRead).toBe(storeRead);
      // Never signed out: no cookie is cleared (nor re-issued) while the answer is unknown or carried by the token.
      if (browser !== "jwt") expect(me.setCookies).toEqual([]);
      const account = await get("/account", cookie);
      expect(account.status).toBe(200);
      const page = await account.text();
      expect(page).not.toContain('data-testid="signed-out"');
      if (status === 503) {
        expect(JSON.parse(me.body)).toMatchObject({ error: "Session store unavailable" });
        expect(page).toContain("Session store unavailable");
        expect(account.headers.getSetCookie()).toEqual([]);
      } else {
        expect(JSON.parse(me.body)).toMatchObject({ session: { user: { email } } });
        expect(page).toContain(`Signed in as <strong>${email}</strong>`);
      }
    },
    60_000,
  );

  it(`signs every browser in again once ${outage.store} is back, the hybrid ones with a fresh token, in the same process`, async () => {
    await outage.start();
    const browsers = Object.keys(cookies) as Browser[];
    const allSignedIn = await eventually(
      async () => (await Promise.all(browsers.map((browser) => readMe(cookies[browser])))).every((me) => me.status === 200),
      20_000,
    );
    expect(allSignedIn).toBe(true);
    for (const browser of ["hybrid, no token yet", "hybrid, token expired"] as const) {
      const me = await readMe(cookies[browser]);
      expect(me.storeRead, browser).toBe(true);
      expect(me.hybridToken, browser).toMatch(new RegExp(`^${HYBRID_TOKEN_COOKIE}=ey`));
    }
    expect(server!.child.exitCode).toBeNull();
  }, 60_000);
});
