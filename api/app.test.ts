import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { accessTokenVerifier } from "@/api/access-token";
import { createApiApp } from "@/api/app";
import { parseApiEnv } from "@/api/server";

// A real HTTP key set the test controls (the provider's role), so rotation and outages can be staged.
const ISSUER = "http://127.0.0.1/oidc";
const AUDIENCE = "http://localhost:3100";
const published: JWK[] = [];
let jwksServer: Server;
let jwksUrl: URL;

type SigningKey = { kid: string; privateKey: CryptoKey };

async function newKey(kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  published.push({ ...(await exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" });
  return { kid, privateKey };
}

function accessToken(key: SigningKey, overrides: { typ?: string; aud?: string; iss?: string; exp?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: "openid notes:read", client_id: "lab-cli" })
    .setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ: overrides.typ ?? "at+jwt" })
    .setIssuer(overrides.iss ?? ISSUER)
    .setAudience(overrides.aud ?? AUDIENCE)
    .setSubject("person-1")
    .setJti(crypto.randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(overrides.exp ?? now + 300)
    .sign(key.privateKey);
}

let key: SigningKey;
const SITE_ORIGIN = "http://localhost:3000";
const app = () =>
  createApiApp(accessTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl, clockToleranceSeconds: 5 }), {
    allowedOrigins: [SITE_ORIGIN],
  });
const get = (path: string, token?: string) =>
  app().request(path, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } });

beforeAll(async () => {
  jwksServer = createServer((_request, response) => {
    response.setHeader("Content-Type", "application/json");
    response.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  jwksUrl = new URL(`http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/oidc/jwks`);
  key = await newKey("key-1");
});

afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

describe("the API service", () => {
  it("answers a valid token's subject, scopes and client, and that person's notes", async () => {
    const token = await accessToken(key);
    const me = await get("/me", token);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ sub: "person-1", scopes: ["openid", "notes:read"], client_id: "lab-cli" });
    const notes = await get("/notes", token);
    expect(notes.status).toBe(200);
    expect(JSON.stringify(await notes.json())).toContain("person-1");
  });

  it.each([
    ["no Authorization header", {}],
    ["another scheme", { Authorization: "Basic bGFiOmxhYg==" }],
    ["an empty bearer", { Authorization: "Bearer " }],
  ])("answers %s with 401 invalid_token and RFC 6750's challenge naming the realm", async (_what, headers) => {
    const response = await app().request("/notes", { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toMatch(
      /^Bearer realm="lab-api", error="invalid_token", error_description="[^"]+"$/,
    );
    expect(await response.json()).toMatchObject({ error: "invalid_token" });
  });

  it("answers /health without a token, and nothing else", async () => {
    const health = await get("/health");
    expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
    expect((await get("/unknown")).status).toBe(401);
  });

  it.each([
    ["expired", () => accessToken(key, { exp: Math.floor(Date.now() / 1000) - 60 })],
    ["for another audience", () => accessToken(key, { aud: "http://localhost:9999" })],
    ["from another issuer", () => accessToken(key, { iss: "http://evil.example/oidc" })],
    ["an ID token, not an access token (typ JWT)", () => accessToken(key, { typ: "JWT" })],
    ["garbage", () => Promise.resolve("not.a.token")],
    [
      "signed with a shared secret (HS256)",
      () =>
        new SignJWT({})
          .setProtectedHeader({ alg: "HS256", kid: "key-1", typ: "at+jwt" })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setSubject("person-1")
          .setExpirationTime("5m")
          .sign(new TextEncoder().encode("a-secret-anyone-could-guess-000000")),
    ],
  ])("refuses a token %s with 401 invalid_token, never a 500", async (_what, makeToken) => {
    const response = await get("/me", await makeToken());
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer error="invalid_token", error_description="[^"]+"$/);
    expect(await response.json()).toMatchObject({ error: "invalid_token" });
  });

  it("verifies a token signed with a key published after the first fetch (a rotation): the cache refetches on an unknown kid", async () => {
    // No cooldown between fetches here; the provider publishes a key long before it signs with one.
    const verifier = createApiApp(
      accessTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl, clockToleranceSeconds: 5, jwksCooldownSeconds: 0 }),
      { allowedOrigins: [SITE_ORIGIN] },
    );
    expect((await verifier.request("/me", { headers: { Authorization: `Bearer ${await accessToken(key)}` } })).status).toBe(200);
    const rotated = await newKey("key-2");
    const response = await verifier.request("/me", { headers: { Authorization: `Bearer ${await accessToken(rotated)}` } });
    expect(response.status).toBe(200);
  });

  it("answers 503 (not 401) when the provider's keys cannot be fetched", async () => {
    const unreachable = createApiApp(
      accessTokenVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwksUrl: new URL("http://127.0.0.1:9/jwks"),
        clockToleranceSeconds: 5,
      }),
      { allowedOrigins: [SITE_ORIGIN] },
    );
    const response = await unreachable.request("/me", { headers: { Authorization: `Bearer ${await accessToken(key)}` } });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: "keys_unavailable" });
  });
});

describe("the API's CORS: the site's single-page app, and no other origin, may call it from a browser", () => {
  const preflight = (origin: string, method = "GET") =>
    app().request("/me", {
      method: "OPTIONS",
      headers: { Origin: origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": "authorization" },
    });

  it("answers the site's preflight for a GET with an Authorization header, without a token and without credentials", async () => {
    const response = await preflight(SITE_ORIGIN);
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe(SITE_ORIGIN);
    expect(response.headers.get("Access-Control-Allow-Methods")).toBe("GET");
    expect(response.headers.get("Access-Control-Allow-Headers")).toBe("Authorization");
    expect(response.headers.get("Access-Control-Allow-Credentials")).toBeNull();
    expect(response.headers.get("Vary")).toContain("Origin");
  });

  it("names no origin to another site's preflight, so the browser never sends its request", async () => {
    for (const origin of ["http://127.0.0.1:3300", "http://localhost:3001", "null"]) {
      const response = await preflight(origin);
      expect(response.headers.get("Access-Control-Allow-Origin")).toBeNull();
    }
  });

  it("lets the site's page read the answer and the refusal (with its WWW-Authenticate), and another site's page neither", async () => {
    const token = await accessToken(key);
    const fromSite = await app().request("/me", { headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${token}` } });
    expect(fromSite.status).toBe(200);
    expect(fromSite.headers.get("Access-Control-Allow-Origin")).toBe(SITE_ORIGIN);
    const refused = await app().request("/notes", { headers: { Origin: SITE_ORIGIN } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("Access-Control-Allow-Origin")).toBe(SITE_ORIGIN);
    expect(refused.headers.get("Access-Control-Expose-Headers")).toBe("WWW-Authenticate");
    const fromElsewhere = await app().request("/me", {
      headers: { Origin: "http://127.0.0.1:3300", Authorization: `Bearer ${token}` },
    });
    expect(fromElsewhere.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});

describe("API_ALLOWED_ORIGINS", () => {
  it("defaults to the site at localhost:3000, takes a comma-separated list as origins, and refuses a wildcard", () => {
    expect(parseApiEnv({ NODE_ENV: "test" }).API_ALLOWED_ORIGINS).toEqual(["http://localhost:3000"]);
    expect(
      parseApiEnv({ NODE_ENV: "test", API_ALLOWED_ORIGINS: "http://localhost:3800/, https://lab.example.com" })
        .API_ALLOWED_ORIGINS,
    ).toEqual(["http://localhost:3800", "https://lab.example.com"]);
    expect(() => parseApiEnv({ NODE_ENV: "test", API_ALLOWED_ORIGINS: "*" })).toThrow(/API_ALLOWED_ORIGINS/);
  });
});
