import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { hashPassword } from "@/lib/auth/passwords/password";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/launch/embedded-postgres";
import path from "node:path";
import { signInOverHttp, signOutOverHttp } from "@/bench/harness/sign-in";
import { signInThroughBalancer } from "@/bench/harness/sign-in";
import { measureSignedInShare } from "@/bench/cluster/signed-in-share";
import { controlSocketPath, restartClusterInstance } from "@/lib/launch/cluster-control";
import { eventually, startProcess, type RunningProcess } from "@/bench/harness/child-process";
import { HYBRID_TOKEN_COOKIE } from "@/lib/auth/cookies";
import { HYBRID_CLOCK_TOLERANCE_SECONDS } from "@/lib/auth/tokens/hybrid-token";
import { otherDeviceId, revokeDevice, watchRevokedDevice } from "@/bench/cluster/revocation-window";
import { authorizeOverHttp } from "@/bench/harness/oauth";
import { decodeJwt } from "jose";
import { SERVE_ARGS } from "@/lib/launch/next-server";

// Real processes: an embedded PostgreSQL this test can stop, `npm run cluster` (2 instances + nginx, round-robin),
// and later a second, sticky cluster on the same database.
const DATA_DIR = ".data/cluster-test";
const DB_PORT = 25495;
const LB_PORT = 8095;
const FIRST_INSTANCE_PORT = 3321;
const LB = `http://localhost:${LB_PORT}`;
// The cluster's one API service, on its own port (and behind nginx at /api-service/).
const API_PORT = 3335;
const STICKY_DATA_DIR = `${DATA_DIR}-sticky`;
const STICKY_PORT = 8096;
const STICKY_LB = `http://localhost:${STICKY_PORT}`;
const PASSWORD = "cluster password 1";
// Short, so that waiting out a hybrid token takes seconds; the check measures the deployment's default.
const HYBRID_TOKEN_TTL_SECONDS = 5;
// One machine, one clock: a browser's window is the TTL and the last request's time in flight. A copied token
// sent past its cookie's Expires also opens until the clock tolerance past its expiry (Auth.js's, shared).
const IN_FLIGHT_SECONDS = 2;
const SKEW_SECONDS = HYBRID_CLOCK_TOLERANCE_SECONDS + IN_FLIGHT_SECONDS;

// Undefined until beforeAll starts them; afterAll also runs when beforeAll failed.
let database: EmbeddedPostgres | undefined;
let cluster: RunningProcess | undefined;
const email = `cluster-${randomUUID()}@example.com`;
const cookies: Record<"database" | "database:redis" | "jwt", string> = { database: "", "database:redis": "", jwt: "" };
// The tests sign in more often than the per-client password limit allows one address in an hour.
const clusterEnv = () => ({
  ...process.env,
  DATABASE_URL: database!.url,
  AUTH_JWT_REVOCATION_CHECK: "off",
  AUTH_RATE_LIMIT_PASSWORD_PER_CLIENT: "100000",
  AUTH_HYBRID_TOKEN_TTL: String(HYBRID_TOKEN_TTL_SECONDS),
});

/** Starts `npm run cluster` with `args` and resolves once nginx answers; fails at once, with its output, if it gives up. */
async function startCluster(args: string[], baseUrl: string): Promise<RunningProcess> {
  const started = startProcess(
    process.execPath,
    ["--import", "tsx", "lib/launch/cluster.ts", "--instances", "2", ...args],
    clusterEnv(),
  );
  const up = await Promise.race([
    eventually(async () => (await fetch(`${baseUrl}/api/health`)).ok, 180_000, 500),
    started.exited.then(() => false),
  ]);
  if (!up) throw new Error(`The cluster did not come up:\n${started.output()}`);
  return started;
}

const startDatabase = () =>
  startEmbeddedPostgres({ dataDir: `${DATA_DIR}/external-postgres`, port: DB_PORT, log: () => undefined });

async function createUser(userEmail: string, name: string) {
  const client = new pg.Client({ connectionString: database!.url });
  await client.connect();
  await client.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", "emailVerified", "updatedAt") VALUES ($1, $2, $3, $4, now(), now())`,
    [`c${randomUUID().replaceAll("-", "").slice(0, 24)}`, userEmail, name, await hashPassword(PASSWORD)],
  );
  await client.end();
}

/** `count` requests to `path` through nginx with `cookie`: statuses and the instances that answered. */
async function requestMany(path: string, cookie: string, count = 20) {
  const responses = await Promise.all(
    Array.from({ length: count }, () => fetch(`${LB}${path}`, { headers: { cookie }, redirect: "manual" })),
  );
  return {
    statuses: responses.map((response) => response.status),
    servedBy: new Set(responses.map((response) => response.headers.get("x-served-by"))),
    responses,
  };
}

/** The status of a GET with a Host header of our choosing (fetch would send the URL's host). */
function statusWithHost(port: number, path: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, path, headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on("error", reject);
    request.end();
  });
}

beforeAll(async () => {
  database = await startDatabase();
  cluster = await startCluster(
    [
      "--port",
      String(LB_PORT),
      "--first-instance-port",
      String(FIRST_INSTANCE_PORT),
      "--api-port",
      String(API_PORT),
      "--data-dir",
      DATA_DIR,
    ],
    LB,
  );
  await createUser(email, "Cluster Person");
  cookies.database = await signInOverHttp(LB, "database", email, PASSWORD);
  cookies["database:redis"] = await signInOverHttp(LB, "database:redis", email, PASSWORD);
  cookies.jwt = await signInOverHttp(LB, "jwt", email, PASSWORD);
}, 240_000);

afterAll(async () => {
  cluster?.child.kill("SIGTERM");
  await cluster?.exited;
  await database?.stop();
}, 60_000);

// Before the round-robin tests: their outage test stops the shared database.
describe("npm run cluster -- --sticky", () => {
  let sticky: RunningProcess | undefined;

  beforeAll(async () => {
    sticky = await startCluster(
      [
        "--sticky",
        "--port",
        String(STICKY_PORT),
        "--first-instance-port",
        "3323",
        "--api-port",
        "3336",
        "--data-dir",
        STICKY_DATA_DIR,
      ],
      STICKY_LB,
    );
  }, 240_000);

  afterAll(async () => {
    sticky?.child.kill("SIGTERM");
    await sticky?.exited;
  }, 60_000);

  it("says it routes by a cookie", async () => {
    const said = await eventually(
      () =>
        Promise.resolve(
          sticky?.output().includes("(sticky: each browser stays on the instance its lab_lb_route cookie hashes to)") === true,
        ),
      10_000,
    );
    expect(said).toBe(true);
  });

  it.each(["jwt", "database", "database:redis", "hybrid", "hybrid:redis"] as const)(
    "keeps a %s session signed in on one instance",
    async (setup) => {
      // As a browser: it keeps the routing cookie, and in hybrid mode the token each read re-issues.
      const { jar, signedInOn } = await signInThroughBalancer(STICKY_LB, setup, email, PASSWORD);
      const measured = await measureSignedInShare(STICKY_LB, jar, setup, { requests: 50 });
      expect(measured.share).toBe(1);
      expect(Object.keys(measured.servedBy)).toEqual([signedInOn]);
    },
  );

  it("holds a memory session on its instance until that instance restarts, then signs it out", async () => {
    const { cookie, signedInOn } = await signInThroughBalancer(STICKY_LB, "database:memory", email, PASSWORD);
    const before = await measureSignedInShare(STICKY_LB, cookie, "database:memory", { requests: 50 });
    expect(before.share).toBe(1);
    expect(Object.keys(before.servedBy)).toEqual([signedInOn]);

    await restartClusterInstance(controlSocketPath(path.resolve(STICKY_DATA_DIR)), signedInOn);
    const routedBack = await eventually(
      async () => (await fetch(`${STICKY_LB}/api/health`, { headers: { cookie } })).headers.get("x-served-by") === signedInOn,
      30_000,
    );
    expect(routedBack).toBe(true);
    const after = await measureSignedInShare(STICKY_LB, cookie, "database:memory", { requests: 50 });
    expect(after.share).toBe(0);
    expect(Object.keys(after.servedBy)).toEqual([signedInOn]);
    // A restart on request is not a crash: the cluster keeps running.
    expect(sticky?.child.exitCode).toBeNull();
    expect(sticky?.output()).toContain(`${signedInOn} is back (its memory sessions are gone)`);
  }, 90_000);
});

describe("npm run cluster", () => {
  it.each([
    ["database", "database:postgres"],
    ["database:redis", "database:redis"],
    ["jwt", "jwt:null"],
  ] as const)("keeps a %s session on every instance, round-robin", async (setup, modeAndStore) => {
    const { statuses, servedBy, responses } = await requestMany("/api/lab/probe", cookies[setup]);
    expect(statuses).toEqual(Array(20).fill(200));
    expect([...servedBy].sort()).toEqual(["instance-1", "instance-2"]);
    const bodies = await Promise.all(
      responses.map(async (response) => (await response.json()) as { mode: string; store: string | null; ok: boolean }),
    );
    expect(new Set(bodies.map((body) => `${body.mode}:${String(body.store)}:${String(body.ok)}`))).toEqual(
      new Set([`${modeAndStore}:true`]),
    );
  });

  it("runs one API service that accepts the cluster provider's tokens, behind nginx at /api-service/ and on its own port", async () => {
    const tokens = await authorizeOverHttp(LB, cookies.database);
    expect(decodeJwt(tokens.access_token)).toMatchObject({ iss: `${LB}/oidc`, aud: `${LB}/api-service` });
    for (const api of [`${LB}/api-service`, `http://127.0.0.1:${API_PORT}`]) {
      const response = await fetch(`${api}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        client_id: "lab-cli",
        scopes: expect.arrayContaining(["lab:read"]) as unknown,
      });
    }
    const anonymous = await fetch(`${LB}/api-service/notes`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("signs a memory session out on the instance that does not hold it, round-robin", async () => {
    const { cookie, signedInOn } = await signInThroughBalancer(LB, "database:memory", email, PASSWORD);
    const measured = await measureSignedInShare(LB, cookie, "database:memory", { requests: 200 });
    expect(measured.share).toBeGreaterThan(0.3);
    expect(measured.share).toBeLessThan(0.7);
    const other = signedInOn === "instance-1" ? "instance-2" : "instance-1";
    expect(measured.servedBy[signedInOn]?.signedIn).toBe(measured.servedBy[signedInOn]?.requests);
    expect(measured.servedBy[other]).toMatchObject({ signedIn: 0 });
    expect(measured.servedBy[other]?.requests).toBeGreaterThan(0);
  });

  it("names the serving instance in a header and in the page footer", async () => {
    for (let index = 0; index < 4; index += 1) {
      const response = await fetch(`${LB}/`, { headers: { cookie: cookies.jwt } });
      const servedBy = response.headers.get("x-served-by");
      expect(servedBy).toMatch(/^instance-[12]$/);
      expect(await response.text()).toMatch(new RegExp(`data-testid="served-by"[^>]*>${String(servedBy)}<`));
    }
  });

  it("refuses a second cluster on the same port, naming it", async () => {
    const second = startProcess(
      process.execPath,
      ["--import", "tsx", "lib/launch/cluster.ts", "--port", String(LB_PORT), "--data-dir", `${DATA_DIR}-second`],
      process.env,
    );
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`Port ${LB_PORT} (the load balancer) is busy`);
  });

  it("passes a chunked JWT cookie through nginx", async () => {
    const longName = "N".repeat(5000);
    const bigEmail = `big-${randomUUID()}@example.com`;
    await createUser(bigEmail, longName);
    const cookie = await signInOverHttp(LB, "jwt", bigEmail, PASSWORD);
    expect(cookie).toMatch(/authjs\.session-token\.0=.*authjs\.session-token\.1=/);
    const { statuses, responses } = await requestMany("/api/me", cookie, 4);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const body = (await responses[0]!.json()) as { session: { user: { name: string } } };
    expect(body.session.user.name).toBe(longName);
  });

  it("records the address nginx saw, not the one a client writes in X-Forwarded-For", async () => {
    const spoofer = `spoof-${randomUUID()}@example.com`;
    await createUser(spoofer, "Spoofer");
    await signInOverHttp(LB, "database", spoofer, PASSWORD, { "x-forwarded-for": "203.0.113.66" });
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    const { rows } = await client.query<{ ipAddress: string }>(
      `SELECT s."ipAddress" FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1`,
      [spoofer],
    );
    await client.end();
    expect(rows.map((row) => row.ipAddress)).toEqual(["127.0.0.1"]);
  });

  it("answers 421 through nginx to a Host that is not the site's", async () => {
    expect(await statusWithHost(LB_PORT, "/dev/outbox", "rebind.evil.example:8090")).toBe(421);
    expect(await statusWithHost(LB_PORT, "/api/health", `localhost:${LB_PORT}`)).toBe(200);
  });

  it("makes a database sign-out count on every instance", async () => {
    const leaving = await signInOverHttp(LB, "database", email, PASSWORD);
    expect((await requestMany("/api/me", leaving, 4)).statuses).toEqual([200, 200, 200, 200]);
    expect(await signOutOverHttp(LB, leaving)).toBe(302);
    const { statuses, servedBy } = await requestMany("/api/me", leaving);
    expect(statuses).toEqual(Array(20).fill(401));
    expect(servedBy.size).toBe(2);
  });

  it("makes a revocation count on every instance", async () => {
    const other = await signInOverHttp(LB, "database", email, PASSWORD);
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    const { rows } = await client.query<{ id: string }>(
      `SELECT s.id FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1 ORDER BY s."createdAt" DESC LIMIT 1`,
      [email],
    );
    await client.end();
    const revoke = await fetch(`${LB}/api/devices/session/${rows[0]!.id}`, {
      method: "DELETE",
      headers: { cookie: cookies.database, origin: LB },
    });
    expect(revoke.status).toBe(204);
    const { statuses, servedBy } = await requestMany("/api/me", other);
    expect(statuses).toEqual(Array(20).fill(401));
    expect(servedBy.size).toBe(2);
  });

  it("ends a memory session held by instance-2 when 'sign out everywhere' runs through instance-1", async () => {
    // A person of its own: signing out everywhere would end the sessions the other tests share.
    const leaverEmail = `cluster-memory-${randomUUID()}@example.com`;
    await createUser(leaverEmail, "Memory Person");
    // Straight to each instance, not through nginx, so that which instance serves what is certain.
    const [instance1, instance2] = [`http://127.0.0.1:${FIRST_INSTANCE_PORT}`, `http://127.0.0.1:${FIRST_INSTANCE_PORT + 1}`];
    const memoryOn2 = await signInOverHttp(instance2, "database:memory", leaverEmail, PASSWORD);
    const before = await fetch(`${instance2}/api/me`, { headers: { cookie: memoryOn2 } });
    expect([before.status, before.headers.get("x-served-by")]).toEqual([200, "instance-2"]);
    const revoker = await signInOverHttp(instance1, "database", leaverEmail, PASSWORD);

    const signOut = await fetch(`${instance1}/api/devices`, {
      method: "DELETE",
      headers: { cookie: revoker, origin: instance1 },
    });
    expect([signOut.status, signOut.headers.get("x-served-by")]).toEqual([204, "instance-1"]);

    const after = await fetch(`${instance2}/api/me`, { headers: { cookie: memoryOn2 } });
    expect([after.status, after.headers.get("x-served-by")]).toEqual([401, "instance-2"]);
  });

  it("rejects tokens cleanly on an instance with another AUTH_SECRET, and logs why", async () => {
    const odd = startProcess(process.execPath, [...SERVE_ARGS, "--port", "3339", "--hostname", "127.0.0.1"], {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      DATABASE_URL: database!.url,
      AUTH_SECRET: "a-different-secret-that-is-long-enough-000000",
      AUTH_URL: "http://localhost:3339",
      LAB_INSTANCE_NAME: "odd-one",
    });
    try {
      expect(await eventually(async () => (await fetch("http://127.0.0.1:3339/api/health")).ok, 60_000)).toBe(true);
      const response = await fetch("http://127.0.0.1:3339/api/me", { headers: { cookie: cookies.jwt } });
      expect(response.status).toBe(401);
      expect(
        await eventually(
          () => Promise.resolve(odd.output().includes("[auth] JWTSessionError: a session token could not be read")),
          5000,
        ),
      ).toBe(true);
    } finally {
      odd.child.kill("SIGTERM");
      await odd.exited;
    }
  }, 90_000);

  it.each(["hybrid", "hybrid:redis"] as const)(
    "keeps a %s session signed in on every instance, round-robin, for a browser that keeps its token",
    async (setup) => {
      const { jar, cookie } = await signInThroughBalancer(LB, setup, email, PASSWORD);
      const measured = await measureSignedInShare(LB, jar, setup, { requests: 100 });
      expect(measured.share).toBe(1);
      expect(Object.keys(measured.servedBy).sort()).toEqual(["instance-1", "instance-2"]);
      expect(jar.get(HYBRID_TOKEN_COOKIE)).toMatch(/^ey/);
      // The token one instance issued carries the reads on the other: only reads without a live token
      // (the first batch, and one batch per TTL) go to the store.
      expect(measured.storeReads).toBeLessThan(measured.requests / 2);
      // A client that never keeps the token reads the store every time, and is signed in all the same.
      const forgetful = await measureSignedInShare(LB, cookie, setup, { requests: 20 });
      expect(forgetful).toMatchObject({ share: 1, storeReads: 20 });
    },
  );

  it.each(["hybrid", "hybrid:redis"] as const)(
    "signs a revoked %s device out on every instance within the token's TTL plus skew, revoked through one instance",
    async (setup) => {
      const person = `revoked-${randomUUID()}@example.com`;
      await createUser(person, "Revoked Device");
      const device = await signInThroughBalancer(LB, setup, person, PASSWORD);
      const revoker = await signInThroughBalancer(LB, setup, person, PASSWORD);
      const id = await otherDeviceId(LB, revoker.jar, "session");
      // The device reads just before the revocation: it holds a fresh token, the worst case.
      const before = await measureSignedInShare(LB, device.jar, setup, { requests: 4, concurrency: 1 });
      expect(before.share).toBe(1);
      expect(device.jar.get(HYBRID_TOKEN_COOKIE)).toMatch(/^ey/);

      // A copy of the cookies as they are now, sent as they are whatever their Expires says (a copied cookie).
      const copied = device.jar.header();
      const { revokedThrough, revokedAt } = await revokeDevice(LB, revoker.jar, "session", id);
      expect(revokedThrough).toMatch(/^instance-[12]$/);
      const watched = await watchRevokedDevice(LB, device.jar, setup, {
        revokedAt,
        instances: 2,
        watchForMs: (HYBRID_TOKEN_TTL_SECONDS + SKEW_SECONDS + 10) * 1000,
      });
      // The token kept the browser reading after the revocation (the window is real), until the token's cookie
      // expired: no longer than the TTL and a request in flight.
      expect(watched.signedInAfter).toBeGreaterThan(0);
      expect(watched.keptReadingSeconds).not.toBeNull();
      expect(watched.keptReadingSeconds!).toBeLessThanOrEqual(HYBRID_TOKEN_TTL_SECONDS + IN_FLIGHT_SECONDS);
      expect(watched.signedOutAfterSeconds).not.toBeNull();
      expect(watched.signedOutAfterSeconds!).toBeLessThanOrEqual(HYBRID_TOKEN_TTL_SECONDS + IN_FLIGHT_SECONDS);
      expect(watched.signedOutOn).toEqual(["instance-1", "instance-2"]);

      // A copied cookie that ignores its Expires is refused on every instance too, once the token's clock
      // tolerance has passed as well.
      const copyRefused = await eventually(
        async () => {
          const { statuses, servedBy } = await requestMany("/api/me", copied, 4);
          return servedBy.size === 2 && statuses.every((status) => status === 401);
        },
        (HYBRID_TOKEN_TTL_SECONDS + SKEW_SECONDS) * 1000 - (Date.now() - revokedAt),
      );
      expect(copyRefused).toBe(true);
      expect((Date.now() - revokedAt) / 1000).toBeLessThanOrEqual(HYBRID_TOKEN_TTL_SECONDS + SKEW_SECONDS + 1);

      // From then on the revoked session is refused everywhere, while the revoking device stays signed in.
      const after = await requestMany("/api/me", device.jar.header());
      expect(after.statuses).toEqual(Array(20).fill(401));
      expect(after.servedBy.size).toBe(2);
      expect((await measureSignedInShare(LB, revoker.jar, setup, { requests: 20 })).share).toBe(1);
    },
    90_000,
  );

  it("survives a database outage: tokens keep working, sessions answer 503 and keep the cookie, both recover", async () => {
    await database!.stop();

    const jwt = await requestMany("/api/me", cookies.jwt);
    expect(jwt.statuses).toEqual(Array(20).fill(200));
    const page = await fetch(`${LB}/account`, { headers: { cookie: cookies.jwt } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(email);

    // Signed in by token, but the devices list and revocations need the database: 503, not 500.
    const revoke = await fetch(`${LB}/api/devices/token/cnotarealid0000000000000`, {
      method: "DELETE",
      headers: { cookie: cookies.jwt, origin: LB },
    });
    expect(revoke.status).toBe(503);
    const devicesPage = await fetch(`${LB}/sessions`, { headers: { cookie: cookies.jwt } });
    expect(devicesPage.status).toBe(200);
    expect(await devicesPage.text()).toContain("Session store unavailable");

    const sessions = await requestMany("/api/me", cookies.database);
    expect(sessions.statuses).toEqual(Array(20).fill(503));
    expect(await sessions.responses[0]!.json()).toMatchObject({ error: "Session store unavailable" });
    expect(sessions.responses.flatMap((response) => response.headers.getSetCookie())).toEqual([]);
    const authSession = await fetch(`${LB}/api/auth/session`, { headers: { cookie: cookies.database } });
    expect(authSession.status).toBe(503);
    expect(authSession.headers.getSetCookie()).toEqual([]);
    const accountPage = await fetch(`${LB}/account`, { headers: { cookie: cookies.database }, redirect: "manual" });
    expect(await accountPage.text()).toContain("Session store unavailable");

    database = await startDatabase();
    const recovered = await eventually(
      async () => (await requestMany("/api/me", cookies.database, 4)).statuses.every((status) => status === 200),
      20_000,
    );
    expect(recovered).toBe(true);
  }, 90_000);
});

describe("an instance started before its database", () => {
  it("waits with a clear log line instead of crashing, then serves", async () => {
    const port = 25496;
    const startLateDatabase = () => startEmbeddedPostgres({ dataDir: `${DATA_DIR}-late/postgres`, port, log: () => undefined });
    // Create the cluster once to learn its URL, then stop it: the server starts with nothing listening there.
    let late: EmbeddedPostgres | undefined = await startLateDatabase();
    const url = late.url;
    await late.stop();
    late = undefined;
    const server = startProcess(
      process.execPath,
      // Its API beside it on a port of its own, not npm start's default 3100; no attacker's site (3300 is the cluster's API).
      [
        "--import",
        "tsx",
        "lib/launch/start.ts",
        "--port",
        "3340",
        "--api-port",
        "3341",
        "--attacker-port",
        "0",
        "--data-dir",
        `${DATA_DIR}-late`,
      ],
      {
        ...process.env,
        DATABASE_URL: url,
      },
    );
    try {
      const waited = await eventually(
        () =>
          Promise.resolve(server.output().includes(`Waiting for the database at 127.0.0.1:${port} (attempt 1: ECONNREFUSED)`)),
        60_000,
      );
      expect(waited).toBe(true);
      late = await startLateDatabase();
      expect(await eventually(async () => (await fetch("http://127.0.0.1:3340/api/health")).ok, 60_000)).toBe(true);
      expect(server.child.exitCode).toBeNull();
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
      await late?.stop();
    }
  }, 120_000);
});
