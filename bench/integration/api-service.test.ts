import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { decodeProtectedHeader } from "jose";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { ensureApiClientKey } from "@/lib/launch/api-client-key";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/launch/embedded-postgres";
import { appEnvironment, spawnApiService, spawnNextServer, stopProcess, waitForHealthy } from "@/lib/launch/next-server";
import { freeLoopbackPort } from "@/lib/launch/redis";
import { authorizeOverHttp, discoverPublicClient } from "@/bench/harness/oauth";
import { createClusterUser } from "@/bench/harness/create-user";
import { signInOverHttp } from "@/bench/harness/sign-in";
import { startProcess } from "@/bench/harness/child-process";

// Real processes, started as the launchers start them: a PostgreSQL of this file's own, the site's production server
// (the provider at /oidc) and the API service. First with local checks (a key rotation under a stream of requests,
// then PostgreSQL and the whole site stopped), then the site and the API again with API_TOKEN_CHECK=introspect.
const DATA_DIR = path.join(process.env.LAB_TEST_DATA_DIR ?? ".data/test", "api-service");
const SECRET = "api-service-secret-that-is-long-enough-000000";
const PASSWORD = "api service password 1";
// Short, so the rotation test's publish delay can be short too.
const JWKS_COOLDOWN_SECONDS = 1;
// The new key is published this long before it signs: at least the site's 1 s pickup of the key file plus the API's
// JWKS cooldown, so a verifier that fetched just before the key appeared may fetch again by the time it signs.
const PUBLISH_SECONDS = 1 + JWKS_COOLDOWN_SECONDS + 1;

let sitePort = 0;
let apiPort = 0;
let databasePort = 0;
let database: EmbeddedPostgres | undefined;
let site: ChildProcess | undefined;
let api: ChildProcess | undefined;
const siteUrl = () => `http://localhost:${sitePort}`;
const signingKeysFile = () => path.join(DATA_DIR, "oidc-signing-keys.json");

const startDatabase = async () => {
  database = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, "postgres"), port: databasePort, log: () => undefined });
};

/** The site and the API, as `npm start` runs them, with tokens checked `check`-wise. */
async function startSiteAndApi(check: "local" | "introspect") {
  const apiKey = await ensureApiClientKey(DATA_DIR, () => undefined);
  const env = {
    ...appEnvironment({
      dev: false,
      databaseUrl: database!.url,
      secret: SECRET,
      publicUrl: siteUrl(),
      instanceName: `api-service-${check}`,
      dataDir: DATA_DIR,
      apiResource: `http://localhost:${apiPort}`,
      apiClientJwksFile: apiKey.publicJwksFile,
    }),
    REDIS_URL: undefined,
    API_TOKEN_CHECK: check,
    API_JWKS_COOLDOWN_SECONDS: String(JWKS_COOLDOWN_SECONDS),
    // Every sign-in here comes from 127.0.0.1 for few accounts; the limits are tested elsewhere.
    AUTH_RATE_LIMIT_PASSWORD_PER_ACCOUNT: "1000",
    AUTH_RATE_LIMIT_PASSWORD_PER_CLIENT: "1000",
  };
  site = spawnNextServer({ dev: false, port: sitePort, hostname: "127.0.0.1", env, label: `site-${check}` });
  api = spawnApiService({
    port: apiPort,
    hostname: "127.0.0.1",
    siteEnv: env,
    clientKeyFile: apiKey.privateKeyFile,
    label: `api-${check}`,
  });
  await Promise.all([
    waitForHealthy(`${siteUrl()}/api/health`, site, 90_000),
    waitForHealthy(`http://127.0.0.1:${apiPort}/health`, api),
  ]);
}

async function stopSiteAndApi() {
  await Promise.all([stopProcess(site), stopProcess(api)]);
  [site, api] = [undefined, undefined];
}

/** A person signed in at the site and the tokens lab-cli got for them through the provider (consent allowed). */
async function tokensForNewPerson() {
  const email = `api-service-${randomUUID()}@example.com`;
  await createClusterUser(database!.url, email, "API Person", PASSWORD);
  const cookie = await signInOverHttp(siteUrl(), "database", email, PASSWORD);
  return authorizeOverHttp(siteUrl(), cookie);
}

// Bounded: a request that hangs fails its test instead of the whole file.
const callApi = (route: string, token: string) =>
  fetch(`http://127.0.0.1:${apiPort}${route}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(10_000),
  });

beforeAll(async () => {
  await rm(DATA_DIR, { recursive: true, force: true });
  [sitePort, apiPort, databasePort] = [await freeLoopbackPort(), await freeLoopbackPort(), await freeLoopbackPort()];
  await startDatabase();
  await migrate(database!.url, "prisma/migrations");
}, 120_000);

afterAll(async () => {
  await stopSiteAndApi();
  await database?.stop();
}, 60_000);

describe("API_TOKEN_CHECK=local: the API verifies JWTs with the provider's published keys", () => {
  let tokens: Awaited<ReturnType<typeof tokensForNewPerson>>;
  // The newest access token the person holds: the rotation test leaves one signed with the new key.
  let freshest = "";

  beforeAll(async () => {
    await startSiteAndApi("local");
    tokens = await tokensForNewPerson();
    freshest = tokens.access_token;
  }, 120_000);

  it("answers a token from the site's provider: an EdDSA RFC 9068 JWT for the API's resource", async () => {
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ alg: "EdDSA", typ: "at+jwt" });
    const response = await callApi("/me", tokens.access_token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      client_id: "lab-cli",
      scopes: expect.arrayContaining(["lab:read"]) as unknown,
    });
  });

  it("runs with an environment of its own: no database URL and no site secret", async () => {
    const names = (await readFile(`/proc/${String(api!.pid)}/environ`, "utf8")).split("\0").map((entry) => entry.split("=")[0]);
    expect(names).toEqual(expect.arrayContaining(["OIDC_ISSUER", "API_AUDIENCE", "API_TOKEN_CHECK"]));
    expect(names.filter((name) => /DATABASE|SECRET|REDIS/.test(name ?? ""))).toEqual([]);
  });

  it("keeps answering through `npm run keys -- rotate`: 0 failed requests, old tokens verify, new tokens carry the new kid", async () => {
    const config = await discoverPublicClient(siteUrl());
    const oldToken = tokens.access_token;
    const oldKid = decodeProtectedHeader(oldToken).kid;
    let latest = { access: tokens.access_token, refresh: tokens.refresh_token! };
    const stats = {
      requests: 0,
      failures: [] as string[],
      byKid: new Map<string, number>(),
      jwksFetches: 0,
      privateParts: 0,
      kidsSeen: new Set<string>(),
    };
    let streaming = true;
    const deadline = Date.now() + 60_000;
    const running = () => streaming && Date.now() < deadline;

    // A client that keeps refreshing: each new access token is signed with whatever key signs at that moment.
    const mint = async () => {
      while (running()) {
        const refreshed = await client.refreshTokenGrant(config, latest.refresh);
        latest = { access: refreshed.access_token, refresh: refreshed.refresh_token! };
      }
    };
    // Callers that send the freshest token and the one from before the rotation, in turn.
    const call = async () => {
      for (let turn = 0; running(); turn += 1) {
        const token = turn % 2 === 0 ? latest.access : oldToken;
        const kid = decodeProtectedHeader(token).kid ?? "none";
        const response = await callApi("/me", token);
        stats.requests += 1;
        if (response.status === 200) stats.byKid.set(kid, (stats.byKid.get(kid) ?? 0) + 1);
        else stats.failures.push(`${response.status} for kid ${kid}: ${await response.text()}`);
      }
    };
    // What a verifier fetches, all along: every published key, and never a private part.
    const watchJwks = async () => {
      while (running()) {
        const { keys } = (await (await fetch(`${siteUrl()}/oidc/jwks`)).json()) as { keys: Record<string, unknown>[] };
        stats.jwksFetches += 1;
        stats.privateParts += keys.filter((key) => ["d", "p", "q", "dp", "dq", "qi", "k"].some((part) => part in key)).length;
        for (const key of keys) stats.kidsSeen.add(String(key.kid));
      }
    };
    const started = Date.now();
    const stream = Promise.all([mint(), call(), call(), call(), watchJwks()]);

    await expect.poll(() => stats.requests, { timeout: 10_000 }).toBeGreaterThan(50);
    const rotate = startProcess("npm", ["run", "keys", "--", "rotate", "--publish-seconds", String(PUBLISH_SECONDS)], {
      ...process.env,
      OIDC_SIGNING_KEYS_FILE: signingKeysFile(),
    });
    expect(await rotate.exited).toBe(0);
    const newKid = /published (\S+);/.exec(rotate.output())?.[1];
    expect(newKid).toBeDefined();
    expect(newKid).not.toBe(oldKid);
    // Until the stream has carried many tokens signed with the new key, and the old token beside them.
    await expect.poll(() => stats.byKid.get(newKid!) ?? 0, { timeout: 30_000 }).toBeGreaterThan(100);
    streaming = false;
    await stream;
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `[rotation] ${stats.requests} API requests in ${seconds.toFixed(1)} s, ${stats.failures.length} failed; ` +
        `by kid: ${[...stats.byKid].map(([kid, count]) => `${kid.slice(0, 8)}…=${count}`).join(", ")}; ${stats.jwksFetches} JWKS fetches`,
    );

    expect(stats.failures).toEqual([]);
    expect(decodeProtectedHeader(latest.access).kid).toBe(newKid);
    expect(stats.byKid.get(oldKid!)).toBeGreaterThan(50);
    expect([...stats.kidsSeen].sort()).toEqual([oldKid, newKid].sort());
    expect(stats.privateParts).toBe(0);
    // The token signed before the rotation still opens the API afterwards.
    expect((await callApi("/me", oldToken)).status).toBe(200);
    freshest = latest.access;
  }, 120_000);

  it("keeps answering valid tokens from its cached keys while PostgreSQL is down, then while the whole site is down", async () => {
    await database!.stop();
    database = undefined;
    // The site is up without its database: it cannot issue tokens, and the API does not need it to.
    expect((await callApi("/me", freshest)).status).toBe(200);
    expect((await callApi("/notes", freshest)).status).toBe(200);

    await stopProcess(site);
    await expect(fetch(`${siteUrl()}/oidc/jwks`)).rejects.toThrow();
    expect((await callApi("/me", freshest)).status).toBe(200);
    expect((await callApi("/notes", freshest)).status).toBe(200);
    // Still refused: a token the cached keys do not vouch for.
    expect((await callApi("/me", `${freshest.slice(0, -4)}AAAA`)).status).toBe(401);
  }, 60_000);

  afterAll(async () => {
    await stopSiteAndApi();
    if (!database) await startDatabase();
  }, 60_000);
});

describe("API_TOKEN_CHECK=introspect: the API asks the provider about every token", () => {
  beforeAll(async () => {
    await startSiteAndApi("introspect");
  }, 120_000);

  it("answers a reference token the provider vouches for, and refuses a refresh token or a JWT sent as one", async () => {
    const tokens = await tokensForNewPerson();
    expect(() => decodeProtectedHeader(tokens.access_token)).toThrow();
    const response = await callApi("/me", tokens.access_token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      client_id: "lab-cli",
      scopes: expect.arrayContaining(["lab:read"]) as unknown,
    });

    const refreshAsBearer = await callApi("/me", tokens.refresh_token!);
    expect(refreshAsBearer.status).toBe(401);
    expect(refreshAsBearer.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
    // Shaped like a JWT access token: the provider introspects only its reference tokens, and the API says 401, not 503.
    const jwtShaped = "eyJhbGciOiJFZERTQSIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJ4In0.c2ln";
    expect((await callApi("/me", jwtShaped)).status).toBe(401);
  });

  it("refuses the access token at once when its refresh token is revoked (RFC 7009)", async () => {
    const tokens = await tokensForNewPerson();
    expect((await callApi("/me", tokens.access_token)).status).toBe(200);
    await client.tokenRevocation(await discoverPublicClient(siteUrl()), tokens.refresh_token!);
    const refused = await callApi("/me", tokens.access_token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({
      error: "invalid_token",
      error_description: expect.stringContaining("not active") as unknown,
    });
  });

  it("refuses the access token at once when a consumed refresh token is reused (the grant is revoked)", async () => {
    const config = await discoverPublicClient(siteUrl());
    const tokens = await tokensForNewPerson();
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect((await callApi("/me", refreshed.access_token)).status).toBe(200);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    expect((await callApi("/me", refreshed.access_token)).status).toBe(401);
  });

  it("answers 503 for a valid token while PostgreSQL is down, and while the whole site is down: the price of instant revocation", async () => {
    const tokens = await tokensForNewPerson();
    expect((await callApi("/me", tokens.access_token)).status).toBe(200);

    await database!.stop();
    database = undefined;
    const withoutDatabase = await callApi("/me", tokens.access_token);
    expect(withoutDatabase.status).toBe(503);
    expect(await withoutDatabase.json()).toMatchObject({ error: "introspection_unavailable" });

    await stopProcess(site);
    const withoutSite = await callApi("/me", tokens.access_token);
    expect(withoutSite.status).toBe(503);
    expect(await withoutSite.json()).toMatchObject({ error: "introspection_unavailable" });
  }, 60_000);
});
