import { randomUUID } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { hashPassword } from "@/lib/auth/passwords/password";
import type { ModeCookieValue } from "@/lib/auth/mode";
import { signInOverHttp } from "@/bench/harness/sign-in";
import { freeLoopbackPort, type LaunchRedis } from "@/lib/launch/redis";
import { startOwnRedis } from "@/lib/launch/own-redis";
import { eventually, startProcess, type RunningProcess } from "@/bench/harness/child-process";
import { SERVE_ARGS } from "@/lib/launch/next-server";

// Real processes: the site's own server (lib/server/serve.ts, the production build) on the run's PostgreSQL,
// and a redis-server of this file's own, which the tests stop, freeze and start again under the running site.
const DATA_DIR = path.join(process.env.LAB_TEST_DATA_DIR ?? ".data/test", "store-outage");
const SECRET = "store-outage-secret-that-is-long-enough-000000";
const PASSWORD = "store outage password 1";
const email = `store-outage-${randomUUID()}@example.com`;

let redisPort = 0;
let appPort = 0;
let redis: LaunchRedis | undefined;
let server: RunningProcess | undefined;
const base = () => `http://localhost:${appPort}`;
const cookies: Partial<Record<ModeCookieValue, string>> = {};

/** The pid redis-server wrote beside its data, to freeze and thaw it. */
async function redisPid(): Promise<number> {
  const pid = Number((await readFile(path.join(DATA_DIR, "redis", "redis.pid"), "utf8")).trim());
  if (!pid) throw new Error("redis-server wrote no pid file");
  return pid;
}

/** One command on a connection of its own (SAVE), so the site's client is not involved. */
async function redisCommand(url: string, command: string[]): Promise<unknown> {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  await client.connect();
  try {
    return await client.sendCommand(command);
  } finally {
    client.destroy();
  }
}

/** The site's production server; the same environment on every start, so a restart keeps its secret and stores. */
async function startServer(): Promise<RunningProcess> {
  const started = startProcess(process.execPath, [...SERVE_ARGS, "--port", String(appPort), "--hostname", "127.0.0.1"], {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: redis!.url,
    AUTH_SECRET: SECRET,
    AUTH_URL: base(),
    LAB_INSTANCE_NAME: "store-outage",
    // Every sign-in here comes from 127.0.0.1 for one account; the limits are tested elsewhere.
    AUTH_RATE_LIMIT_PASSWORD_PER_ACCOUNT: "1000",
    AUTH_RATE_LIMIT_PASSWORD_PER_CLIENT: "1000",
  });
  const up = await Promise.race([
    eventually(async () => (await fetch(`${base()}/api/health`)).ok, 60_000),
    started.exited.then(() => false),
  ]);
  if (!up) throw new Error(`The site did not come up:\n${started.output()}`);
  return started;
}

async function stopServer() {
  server?.child.kill("SIGTERM");
  await server?.exited;
  server = undefined;
}

async function createUser() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", "emailVerified", "updatedAt") VALUES ($1, $2, $3, $4, now(), now())`,
    [`c${randomUUID().replaceAll("-", "").slice(0, 24)}`, email, "Store Outage", await hashPassword(PASSWORD)],
  );
  await client.end();
}

// Bounded: a request that hangs fails its test instead of the whole file.
const get = (route: string, setup: ModeCookieValue) =>
  fetch(`${base()}${route}`, { headers: { cookie: cookies[setup]! }, redirect: "manual", signal: AbortSignal.timeout(10_000) });

/** Statuses of the JSON routes that read the session (both read paths), for one browser's cookie. */
async function sessionStatuses(setup: ModeCookieValue) {
  const routes = ["/api/me", "/api/lab/probe", "/api/lab/probe/authjs"];
  const responses = await Promise.all(routes.map((route) => get(route, setup)));
  return {
    statuses: responses.map((response) => response.status),
    setCookies: responses.flatMap((response) => response.headers.getSetCookie()),
    // Text, not JSON: a 500 from Next has an empty body, and the statuses should be what a failure reports.
    bodies: await Promise.all(responses.map((response) => response.text())),
  };
}

/** The header's sign-out form as a browser without script posts it: its action field, read from a signed-in page. */
async function signOutFormField(setup: ModeCookieValue): Promise<string> {
  const html = await (await get("/account", setup)).text();
  const form = [...html.matchAll(/<form[\s\S]*?<\/form>/g)].map(([text]) => text).find((text) => text.includes(">Sign out<"));
  const field = form && /name="(\$ACTION_ID_\w+)"/.exec(form)?.[1];
  if (!field) throw new Error("No sign-out form on /account");
  return field;
}

function postSignOut(field: string, setup: ModeCookieValue) {
  const form = new FormData();
  form.set(field, "");
  return fetch(`${base()}/account`, {
    method: "POST",
    headers: { cookie: cookies[setup]!, origin: base() },
    body: form,
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
  });
}

const allAnswer = async (setup: ModeCookieValue, status: number) =>
  (await sessionStatuses(setup)).statuses.every((answer) => answer === status);

beforeAll(async () => {
  await rm(DATA_DIR, { recursive: true, force: true });
  redisPort = await freeLoopbackPort();
  appPort = await freeLoopbackPort();
  redis = await startOwnRedis(DATA_DIR, redisPort);
  await createUser();
  server = await startServer();
  for (const setup of ["database:redis", "database", "database:memory", "jwt"] as const) {
    cookies[setup] = await signInOverHttp(base(), setup, email, PASSWORD);
  }
}, 120_000);

afterAll(async () => {
  await stopServer();
  await redis?.stop();
}, 60_000);

describe("a Redis outage under a running site", () => {
  it("answers 503 for Redis sessions and keeps their cookie; other stores and tokens carry on; the same process recovers", async () => {
    expect((await sessionStatuses("database:redis")).statuses).toEqual([200, 200, 200]);
    // This Redis keeps nothing on disk by itself: a snapshot now lets the one started below come back with the
    // sessions, as a Redis with persistence would. The outage itself is real: the process is gone.
    expect(await redisCommand(redis!.adminUrl, ["SAVE"])).toBe("OK");
    await redis!.stop();

    const down = await sessionStatuses("database:redis");
    expect(down.statuses).toEqual([503, 503, 503]);
    expect(down.setCookies).toEqual([]);
    expect(down.bodies.map((body) => JSON.parse(body) as unknown)).toEqual(
      Array(3).fill({ error: "Session store unavailable", mode: "database" }),
    );
    const authSession = await get("/api/auth/session", "database:redis");
    expect(authSession.status).toBe(503);
    expect(authSession.headers.getSetCookie()).toEqual([]);

    // A page says the store is unavailable: not signed out, not sent to sign in.
    const account = await get("/account", "database:redis");
    expect(account.status).toBe(200);
    expect(account.headers.getSetCookie()).toEqual([]);
    const accountHtml = await account.text();
    expect(accountHtml).toContain("Session store unavailable");
    expect(accountHtml).not.toContain('data-testid="signed-out"');

    // Sessions in PostgreSQL and this server's memory, and tokens, need no Redis.
    for (const setup of ["database", "database:memory", "jwt"] as const) {
      expect((await sessionStatuses(setup)).statuses, setup).toEqual([200, 200, 200]);
    }
    // The devices page of a PostgreSQL session says which store did not answer.
    const devices = await get("/devices", "database");
    expect(devices.status).toBe(200);
    expect(await devices.text()).toContain("Redis did not answer, so the sessions kept there are missing from this list");
    // Settings offers Redis only when it answers, and says why not.
    expect(await (await get("/settings", "database")).text()).toContain("this server&#x27;s Redis is not answering right now");

    redis = await startOwnRedis(DATA_DIR, redisPort);
    expect(await eventually(() => allAnswer("database:redis", 200), 15_000)).toBe(true);
    expect(server!.child.exitCode).toBeNull();
    expect(server!.output()).toContain("[redis] reconnected to");
    const recovered = await get("/account", "database:redis");
    expect(await recovered.text()).toContain(`Signed in as <strong>${email}</strong>`);
  }, 60_000);

  it("will not sign out while Redis is down: says so and keeps the cookie, and the session is still there when Redis is back", async () => {
    const field = await signOutFormField("database:redis");
    expect(await redisCommand(redis!.adminUrl, ["SAVE"])).toBe("OK");
    await redis!.stop();
    let restarted = false;
    // Back whatever happens below, so the next test meets a Redis that answers.
    onTestFinished(async () => {
      if (!restarted) redis = await startOwnRedis(DATA_DIR, redisPort);
    });

    const refused = await postSignOut(field, "database:redis");
    expect(refused.status).toBe(303);
    expect(refused.headers.get("location")).toBe("/?sign-out=store-unavailable");
    expect(refused.headers.getSetCookie().filter((cookie) => cookie.startsWith("authjs.session-token"))).toEqual([]);
    const told = await (await get("/?sign-out=store-unavailable", "database:redis")).text();
    expect(told).toContain(
      "We could not sign you out: the session store is not answering. Your session is still active on this device; try again in a moment.",
    );

    redis = await startOwnRedis(DATA_DIR, redisPort);
    restarted = true;
    expect(await eventually(() => allAnswer("database:redis", 200), 15_000)).toBe(true);
    // Once the store answers, the same form signs out: the session is deleted and the cookie cleared.
    const signedOut = await postSignOut(field, "database:redis");
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.getSetCookie().some((cookie) => cookie.startsWith("authjs.session-token=;"))).toBe(true);
    expect((await sessionStatuses("database:redis")).statuses).toEqual([401, 401, 401]);
    cookies["database:redis"] = await signInOverHttp(base(), "database:redis", email, PASSWORD);
  }, 60_000);

  it("answers 503 while Redis hangs (frozen, connection open), and 200 again once it answers, with no restart", async () => {
    expect((await sessionStatuses("database:redis")).statuses).toEqual([200, 200, 200]);
    const pid = await redisPid();
    process.kill(pid, "SIGSTOP");
    // Thawed whatever happens below, so the next test meets a Redis that answers.
    onTestFinished(() => void process.kill(pid, "SIGCONT"));
    const started = Date.now();
    const hung = await sessionStatuses("database:redis");
    expect(hung.statuses).toEqual([503, 503, 503]);
    expect(hung.setCookies).toEqual([]);
    // The command timeout turns a hang into an answer: a request does not wait for Redis to wake up.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await sessionStatuses("database")).statuses).toEqual([200, 200, 200]);

    process.kill(pid, "SIGCONT");
    expect(await eventually(() => allAnswer("database:redis", 200), 15_000)).toBe(true);
    expect(server!.child.exitCode).toBeNull();
  }, 60_000);
});

describe("a restart of the site", () => {
  it("forgets sessions kept in its memory (401, never 500), and keeps those in PostgreSQL and Redis, and tokens", async () => {
    expect((await sessionStatuses("database:memory")).statuses).toEqual([200, 200, 200]);
    await stopServer();
    server = await startServer();

    const forgotten = await sessionStatuses("database:memory");
    expect(forgotten.statuses).toEqual([401, 401, 401]);
    const [me, probe] = forgotten.bodies.map((body) => JSON.parse(body) as unknown);
    expect(me).toMatchObject({ error: "Not signed in", mode: "database" });
    expect(probe).toMatchObject({ ok: false, mode: "database", store: "memory", userId: null });
    const account = await get("/account", "database:memory");
    expect(account.status).toBe(307);
    expect(account.headers.get("location")).toMatch(/\/signin\?callbackUrl=(%2F|\/)account$/);

    for (const setup of ["database", "database:redis", "jwt"] as const) {
      expect((await sessionStatuses(setup)).statuses, setup).toEqual([200, 200, 200]);
    }
  }, 90_000);
});
