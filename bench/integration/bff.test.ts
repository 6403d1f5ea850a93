import type { ChildProcess } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionKeyRing } from "@/lib/auth/tokens/keys";
import { openSessionToken } from "@/lib/auth/tokens/open";
import { ensureApiClientKey } from "@/lib/launch/api-client-key";
import { appEnvironment, spawnApiService, spawnNextServer, stopProcess, waitForHealthy } from "@/lib/launch/next-server";
import { freeLoopbackPort } from "@/lib/launch/redis";
import { createBrowserCookieJar, cookiesOfHeader, type BrowserCookieJar } from "@/bench/harness/browser-cookie-jar";
import { createClusterUser } from "@/bench/harness/create-user";
import { signInOverHttp } from "@/bench/harness/sign-in";

// The backend-for-frontend against real processes: the site's production server (its provider at /oidc, the BFF
// routes) and the API service, on the test run's PostgreSQL. Access tokens live 6 s, so a refresh is due within seconds.
const DATA_DIR = path.join(process.env.LAB_TEST_DATA_DIR ?? ".data/test", "bff");
const SECRET = "bff-test-secret-that-is-long-enough-00000000";
const PASSWORD = "bff test password 1";
const ACCESS_TOKEN_TTL_SECONDS = 6;
/** Another site than localhost: the attacker's origin in the lab. */
const OTHER_SITE = "http://127.0.0.1:3300";
/** Three base64url parts, the first a JSON header: a JWT (a JWS; the site's sealed values are five-part JWEs). */
const JWT_PATTERN = /eyJ[\w-]+\.[\w-]+\.[\w-]+(?!\.)/;

let sitePort = 0;
let apiPort = 0;
let site: ChildProcess | undefined;
let api: ChildProcess | undefined;
let siteEnv: NodeJS.ProcessEnv = { ...process.env };
const siteUrl = () => `http://localhost:${sitePort}`;
const databaseUrl = () => process.env.DATABASE_URL ?? "";
/** Everything the site's server printed: no token may appear in it. */
let serverOutput = "";
/** Every response the browser got from the site here, headers and body: no token may appear in them either. */
const seenByBrowser: string[] = [];

async function startApi() {
  const apiKey = await ensureApiClientKey(DATA_DIR, () => undefined);
  api = spawnApiService({
    port: apiPort,
    hostname: "127.0.0.1",
    siteEnv,
    clientKeyFile: apiKey.privateKeyFile,
    label: "bff-api",
  });
  await waitForHealthy(`http://127.0.0.1:${apiPort}/health`, api);
}

beforeAll(async () => {
  await rm(DATA_DIR, { recursive: true, force: true });
  [sitePort, apiPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  const apiKey = await ensureApiClientKey(DATA_DIR, () => undefined);
  siteEnv = {
    ...appEnvironment({
      dev: false,
      databaseUrl: databaseUrl(),
      secret: SECRET,
      publicUrl: siteUrl(),
      instanceName: "bff-test",
      dataDir: DATA_DIR,
      apiResource: `http://localhost:${apiPort}`,
      apiClientJwksFile: apiKey.publicJwksFile,
    }),
    REDIS_URL: undefined,
    OIDC_ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL_SECONDS),
    AUTH_RATE_LIMIT_PASSWORD_PER_ACCOUNT: "1000",
    AUTH_RATE_LIMIT_PASSWORD_PER_CLIENT: "1000",
  };
  site = spawnNextServer({ dev: false, port: sitePort, hostname: "127.0.0.1", env: siteEnv, label: "bff-site" });
  for (const stream of [site.stdout, site.stderr]) stream?.on("data", (chunk: Buffer) => (serverOutput += chunk.toString()));
  await Promise.all([waitForHealthy(`${siteUrl()}/api/health`, site, 90_000), startApi()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([stopProcess(site), stopProcess(api)]);
}, 60_000);

/** A response as a browser script or its user could see it: status, headers and body. */
async function keepSeen(response: Response): Promise<Response> {
  const body = await response.clone().text();
  seenByBrowser.push(
    `${response.status} ${[...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n")}\n${body}`,
  );
  return response;
}

/** A request from this site's own page: the browser's cookies and, for a write, its Origin. */
function fromThePage(
  jar: BrowserCookieJar,
  route: string,
  method: "GET" | "POST" = "GET",
  headers: Record<string, string> = {},
  body?: string,
) {
  return fetch(`${siteUrl()}${route}`, {
    method,
    redirect: "manual",
    headers: { cookie: jar.header(), ...(method === "POST" ? { origin: siteUrl() } : {}), ...headers },
    body,
    signal: AbortSignal.timeout(20_000),
  }).then(keepSeen);
}

/** A person signed in to the site (the provider's sign-in rides on it), with a browser's cookie jar. */
async function signedInBrowser(): Promise<{ jar: BrowserCookieJar; userId: string }> {
  const email = `bff-${randomUUID()}@example.com`;
  await createClusterUser(databaseUrl(), email, "BFF Person", PASSWORD);
  const cookie = await signInOverHttp(siteUrl(), "database", email, PASSWORD);
  const [person] = await query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [email]);
  return { jar: createBrowserCookieJar(cookiesOfHeader(cookie)), userId: person!.id };
}

/**
 * "Sign in" with the BFF as a browser runs it: /api/bff/login, the provider's redirects and its consent form (the
 * person's `decision`), back to the callback. Answers the callback's response.
 */
async function bffSignIn(jar: BrowserCookieJar, decision: "allow" | "deny" = "allow"): Promise<Response> {
  const callback = `${siteUrl()}/spa/bff/callback`;
  let response = await fromThePage(jar, "/api/bff/login");
  for (let step = 0; step < 10; step += 1) {
    jar.keep(response);
    const location = response.headers.get("location");
    if (!location) throw new Error(`The sign-in stopped at HTTP ${response.status}`);
    const url = new URL(location, siteUrl()).href;
    if (url.startsWith(callback)) break;
    // The consent page's form, answered as the person answers it.
    response = url.endsWith("/consent")
      ? await fromThePage(
          jar,
          new URL(url).pathname.replace(/\/consent$/, "/decide"),
          "POST",
          { "content-type": "application/x-www-form-urlencoded" },
          `decision=${decision}`,
        )
      : await fromThePage(jar, url.slice(siteUrl().length));
  }
  const location = response.headers.get("location") ?? "";
  const back = await fromThePage(jar, new URL(location, siteUrl()).href.slice(siteUrl().length));
  jar.keep(back);
  return back;
}

async function query<Row extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

type StoredRow = { accessToken: string; refreshToken: string; refreshDueAt: Date; accessTokenExpiresAt: Date };

/** The BFF's row for a browser's cookie, and its tokens unsealed with the site's key (what only the server can do). */
async function storedTokens(jar: BrowserCookieJar) {
  const idHash = createHash("sha256")
    .update(jar.get("lab-bff") ?? "")
    .digest("base64url");
  const [row] = await query<StoredRow>(`SELECT * FROM "BffSession" WHERE "idHash" = $1`, [idHash]);
  if (!row) return undefined;
  const keys = sessionKeyRing([SECRET], "lab-bff tokens");
  const unseal = (sealed: string) => String(openSessionToken(sealed, keys)?.token);
  return { row, accessToken: unseal(row.accessToken), refreshToken: unseal(row.refreshToken) };
}

/** The provider's refresh tokens for this person and lab-spa: how many, and how many are still unused. */
async function refreshTokenRows(userId: string) {
  const rows = await query<{ consumedAt: Date | null }>(
    `SELECT "consumedAt" FROM "OidcModel" WHERE model = 'RefreshToken' AND payload->>'accountId' = $1 AND payload->>'clientId' = 'lab-spa'`,
    [userId],
  );
  return { total: rows.length, unused: rows.filter((row) => row.consumedAt === null).length };
}

describe("the backend-for-frontend", () => {
  let browser: { jar: BrowserCookieJar; userId: string };
  let callback: Response;

  beforeAll(async () => {
    browser = await signedInBrowser();
    callback = await bffSignIn(browser.jar);
  }, 60_000);

  it("signs in through the provider and lands on /spa with an HttpOnly, SameSite=Lax cookie", async () => {
    expect(callback.status).toBe(303);
    expect(callback.headers.get("location")).toBe(`${siteUrl()}/spa`);
    const bffCookie = callback.headers.getSetCookie().find((cookie) => cookie.startsWith("lab-bff="));
    expect(bffCookie).toMatch(/^lab-bff=[\w-]{43}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    // The sign-in's own cookie is spent.
    expect(callback.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^lab-bff-login=; .*Max-Age=0$/));
    const session = (await (await fromThePage(browser.jar, "/api/bff/session")).json()) as {
      signedIn: boolean;
      expiresAt: number;
    };
    expect(session).toEqual({ signedIn: true, expiresAt: expect.any(Number) as unknown });
    expect(session.expiresAt).toBeGreaterThan(Date.now());
  });

  it("calls the API with the token the site holds: /me and /notes pass the API's status and JSON through", async () => {
    const me = await fromThePage(browser.jar, "/api/bff/api/me");
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      sub: browser.userId,
      client_id: "lab-spa",
      scopes: expect.arrayContaining(["lab:read"]) as unknown,
    });
    const notes = await fromThePage(browser.jar, "/api/bff/api/notes");
    expect(notes.status).toBe(200);
    expect(await notes.json()).toMatchObject({
      notes: expect.arrayContaining([{ id: "1", text: `A note only ${browser.userId} can read` }]) as unknown,
    });
    expect((await fromThePage(browser.jar, "/api/bff/api/admin")).status).toBe(404);
  });

  it("keeps the tokens sealed in the database, and never hands one to the browser or its log", async () => {
    const stored = await storedTokens(browser.jar);
    expect(stored?.accessToken).toMatch(JWT_PATTERN);
    expect(stored?.refreshToken.length).toBeGreaterThan(20);
    // A database dump holds sealed values only.
    expect(stored?.row.accessToken).not.toContain(stored!.accessToken);
    expect(stored?.row.refreshToken).not.toContain(stored!.refreshToken);
    const seen = seenByBrowser.join("\n");
    expect(seenByBrowser.length).toBeGreaterThan(5);
    expect(seen).not.toContain(stored!.accessToken);
    expect(seen).not.toContain(stored!.refreshToken);
    expect(seen).not.toMatch(JWT_PATTERN);
    expect(serverOutput).not.toContain(stored!.accessToken);
    expect(serverOutput).not.toContain(stored!.refreshToken);
  });

  it("refuses a write from another site, or one that names no origin, and sends no CORS header to another site", async () => {
    const crossSite = await fromThePage(browser.jar, "/api/bff/logout", "POST", { origin: OTHER_SITE });
    expect(crossSite.status).toBe(403);
    const noOrigin = await fetch(`${siteUrl()}/api/bff/logout`, { method: "POST", headers: { cookie: browser.jar.header() } });
    expect(noOrigin.status).toBe(403);
    // A page elsewhere may send a request (a browser would leave the Lax cookie off), but may not read the answer.
    const read = await fromThePage(browser.jar, "/api/bff/api/me", "GET", { origin: OTHER_SITE });
    expect(read.headers.get("access-control-allow-origin")).toBeNull();
    expect(read.headers.get("access-control-allow-credentials")).toBeNull();
    const preflight = await fetch(`${siteUrl()}/api/bff/api/me`, {
      method: "OPTIONS",
      headers: { origin: OTHER_SITE, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    // Still signed in: nothing above signed the person out.
    expect(await (await fromThePage(browser.jar, "/api/bff/session")).json()).toMatchObject({ signedIn: true });
  });

  it("refreshes server-side when the access token is due, rotating the refresh token", async () => {
    const before = await storedTokens(browser.jar);
    const rowsBefore = await refreshTokenRows(browser.userId);
    // Wait for the server's own deadline, not a fixed time.
    await expect.poll(() => Date.now(), { timeout: 10_000 }).toBeGreaterThanOrEqual(before!.row.refreshDueAt.getTime());
    const me = await fromThePage(browser.jar, "/api/bff/api/me");
    expect(me.status).toBe(200);
    const after = await storedTokens(browser.jar);
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(after!.row.accessTokenExpiresAt.getTime()).toBeGreaterThan(before!.row.accessTokenExpiresAt.getTime());
    expect(await refreshTokenRows(browser.userId)).toEqual({ total: rowsBefore.total + 1, unused: 1 });
  });

  it("refreshes once when many requests find the token due together, so the provider sees no reuse", async () => {
    const before = await storedTokens(browser.jar);
    const rowsBefore = await refreshTokenRows(browser.userId);
    await expect.poll(() => Date.now(), { timeout: 10_000 }).toBeGreaterThanOrEqual(before!.row.refreshDueAt.getTime());
    const calls = await Promise.all(
      Array.from({ length: 10 }, (_, index) => fromThePage(browser.jar, index % 2 ? "/api/bff/api/me" : "/api/bff/api/notes")),
    );
    expect(calls.map((call) => call.status)).toEqual(Array.from({ length: 10 }, () => 200));
    expect(await refreshTokenRows(browser.userId)).toEqual({ total: rowsBefore.total + 1, unused: 1 });
    // "Refresh now" pressed ten times at once: one refresh, and the grant lives on.
    const forced = await Promise.all(Array.from({ length: 10 }, () => fromThePage(browser.jar, "/api/bff/refresh", "POST")));
    expect(forced.map((call) => call.status)).toEqual(Array.from({ length: 10 }, () => 200));
    expect(await refreshTokenRows(browser.userId)).toEqual({ total: rowsBefore.total + 2, unused: 1 });
    expect((await fromThePage(browser.jar, "/api/bff/api/me")).status).toBe(200);
  });

  it("answers 502 JSON while the API is down, and passes its answers through again once it is back", async () => {
    await stopProcess(api);
    const down = await fromThePage(browser.jar, "/api/bff/api/me");
    expect(down.status).toBe(502);
    expect(await down.json()).toEqual({
      error: "The API service is not answering: is it running? (npm start runs it beside the site)",
    });
    await startApi();
    expect((await fromThePage(browser.jar, "/api/bff/api/me")).status).toBe(200);
  }, 60_000);

  it("signs out: revokes the refresh token (the grant ends), forgets the tokens and clears the cookie; then 401", async () => {
    const oldCookie = browser.jar.header();
    const stored = await storedTokens(browser.jar);
    const out = await fromThePage(browser.jar, "/api/bff/logout", "POST");
    expect(out.status).toBe(200);
    expect(await out.json()).toEqual({ signedIn: false, revoked: true });
    expect(out.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^lab-bff=; .*Max-Age=0$/));
    browser.jar.keep(out);
    expect(browser.jar.get("lab-bff")).toBeUndefined();
    expect(await refreshTokenRows(browser.userId)).toEqual({ total: 0, unused: 0 });
    expect(await storedTokens(createBrowserCookieJar(cookiesOfHeader(oldCookie)))).toBeUndefined();

    const me = await fromThePage(browser.jar, "/api/bff/api/me");
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ signedIn: false });
    // The old cookie, replayed, opens nothing either.
    const replayed = await fetch(`${siteUrl()}/api/bff/api/me`, { headers: { cookie: oldCookie } });
    expect(replayed.status).toBe(401);
    expect(await (await fromThePage(browser.jar, "/api/bff/session")).json()).toEqual({ signedIn: false });
    // The stolen refresh token is dead at the provider too.
    const token = await fetch(`${siteUrl()}/oidc/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: stored!.refreshToken, client_id: "lab-spa" }),
    });
    expect(await token.json()).toMatchObject({ error: "invalid_grant" });
  });
});

describe("a BFF session whose grant ends elsewhere", () => {
  it("is over at its next refresh: 401, the row deleted and the cookie cleared, never a 500", async () => {
    const { jar } = await signedInBrowser();
    await bffSignIn(jar);
    const stored = await storedTokens(jar);
    // What the devices page's Revoke, or "sign out everywhere", does to the grant: here through RFC 7009 directly.
    const revocation = await fetch(`${siteUrl()}/oidc/token/revocation`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: stored!.refreshToken, client_id: "lab-spa", token_type_hint: "refresh_token" }),
    });
    expect(revocation.status).toBe(200);
    const refresh = await fromThePage(jar, "/api/bff/refresh", "POST");
    expect(refresh.status).toBe(401);
    expect(refresh.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^lab-bff=; .*Max-Age=0$/));
    expect(await storedTokens(jar)).toBeUndefined();
    jar.keep(refresh);
    expect(await (await fromThePage(jar, "/api/bff/session")).json()).toEqual({ signedIn: false });
  });
});

describe("the BFF's sign-in, given bad input", () => {
  /** Starts a sign-in (the sealed cookie is set) and answers its state, from the provider URL it redirects to. */
  async function startedSignIn() {
    const jar = createBrowserCookieJar();
    const login = await fromThePage(jar, "/api/bff/login");
    jar.keep(login);
    expect(login.status).toBe(302);
    const url = new URL(login.headers.get("location") ?? "");
    expect(url.href.startsWith(`${siteUrl()}/oidc/auth?`)).toBe(true);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: "lab-spa",
      redirect_uri: `${siteUrl()}/spa/bff/callback`,
      scope: "openid offline_access lab:read",
      prompt: "consent",
      code_challenge_method: "S256",
      resource: `http://localhost:${apiPort}`,
    });
    expect(login.headers.getSetCookie()[0]).toMatch(/^lab-bff-login=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600$/);
    return { jar, state: url.searchParams.get("state") ?? "" };
  }

  const callbackError = async (jar: BrowserCookieJar, search: string) => {
    const response = await fromThePage(jar, `/spa/bff/callback${search}`);
    expect(response.status).toBe(303);
    return new URL(response.headers.get("location") ?? "").search;
  };

  it("sends each malformed callback back to /spa with a code, never a 500", async () => {
    const { jar, state } = await startedSignIn();
    expect(await callbackError(createBrowserCookieJar(), `?code=abc&state=${state}`)).toBe("?bff_error=login_expired");
    expect(await callbackError(jar, "?code=abc")).toBe("?bff_error=state_mismatch");
    expect(await callbackError(jar, "?code=abc&state=wrong")).toBe("?bff_error=state_mismatch");
    expect(await callbackError(jar, `?error=access_denied&state=${state}`)).toBe("?bff_error=access_denied");
    expect(await callbackError(jar, `?error=server_error&state=${state}`)).toBe("?bff_error=provider_error");
    expect(await callbackError(jar, `?code=forged&state=${state}`)).toBe("?bff_error=provider_error");
    expect(await callbackError(jar, `?state=${state}&code=a&code=b&iss=${encodeURIComponent("http://evil.example")}`)).toBe(
      "?bff_error=provider_error",
    );
    const tampered = createBrowserCookieJar({ "lab-bff-login": "eyJhbGciOiJkaXIifQ..AAAA.BBBB.CCCC" });
    expect(await callbackError(tampered, `?code=abc&state=${state}`)).toBe("?bff_error=login_expired");
  });

  it("brings a person who presses Deny back with access_denied and no session", async () => {
    const { jar } = await signedInBrowser();
    const back = await bffSignIn(jar, "deny");
    expect(back.headers.get("location")).toBe(`${siteUrl()}/spa?bff_error=access_denied`);
    expect(jar.get("lab-bff")).toBeUndefined();
  });

  it("answers a bad or absent cookie as signed out", async () => {
    for (const cookie of ["", "lab-bff=short", `lab-bff=${"A".repeat(43)}`, "lab-bff=%00%ff"]) {
      const me = await fetch(`${siteUrl()}/api/bff/api/me`, { headers: { cookie } });
      expect(me.status).toBe(401);
      expect(await me.json()).toMatchObject({ signedIn: false });
      expect(await (await fetch(`${siteUrl()}/api/bff/session`, { headers: { cookie } })).json()).toEqual({ signedIn: false });
    }
    const out = await fetch(`${siteUrl()}/api/bff/logout`, { method: "POST", headers: { origin: siteUrl() } });
    expect(await out.json()).toEqual({ signedIn: false, revoked: false });
  });
});
