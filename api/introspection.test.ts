import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, jwtVerify } from "jose";
import { createApiApp } from "@/api/app";
import { introspectionVerifier } from "@/api/introspection";

// A real HTTP provider the test controls (discovery and RFC 7662 introspection), so that every answer can be staged;
// bench/integration/api-service.test.ts runs the API against the site's real provider.
const AUDIENCE = "http://localhost:3100";
const answers = new Map<string, Record<string, unknown>>();
const assertions: { clientId: string | null; verified: boolean }[] = [];
let provider: Server;
let issuer: string;
let apiKey: CryptoKeyPair;
// Off: discovery answers 503, as a provider that is starting or failing does.
let discoveryAnswers = true;

const activeAnswer = (overrides: Record<string, unknown> = {}) => ({
  active: true,
  sub: "person-1",
  client_id: "lab-cli",
  scope: "lab:read",
  token_type: "Bearer",
  iss: issuer,
  aud: AUDIENCE,
  exp: Math.floor(Date.now() / 1000) + 300,
  ...overrides,
});

beforeAll(async () => {
  apiKey = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  provider = createServer((request, response) => {
    response.setHeader("Content-Type", "application/json");
    if (request.method === "GET" && request.url === "/oidc/.well-known/openid-configuration") {
      if (!discoveryAnswers) response.statusCode = 503;
      response.end(
        JSON.stringify({ issuer, introspection_endpoint: `${issuer}/token/introspection`, token_endpoint: `${issuer}/token` }),
      );
      return;
    }
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const form = new URLSearchParams(body);
      // The API proves itself with a JWT signed by its own key, for the provider as audience: no secret is sent.
      void jwtVerify(form.get("client_assertion") ?? "", apiKey.publicKey, { issuer: "lab-api", audience: issuer })
        .then(
          () => true,
          () => false,
        )
        .then((verified) => {
          assertions.push({ clientId: form.get("client_id"), verified });
          const token = form.get("token") ?? "";
          if (token === "provider-fails") {
            response.statusCode = 500;
            response.end(JSON.stringify({ error: "server_error" }));
            return;
          }
          response.end(JSON.stringify(answers.get(token) ?? { active: false }));
        });
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/oidc`;
  answers.set("good", activeAnswer());
  answers.set("a-refresh-token", activeAnswer({ token_type: undefined }));
  answers.set("for-another-api", activeAnswer({ aud: "http://localhost:9999" }));
  answers.set("from-another-issuer", activeAnswer({ iss: "http://evil.example/oidc" }));
});

afterAll(() => new Promise<void>((resolve) => provider.close(() => resolve())));

const app = (issuerUrl = issuer) =>
  createApiApp(
    introspectionVerifier({
      issuer: issuerUrl,
      audience: AUDIENCE,
      clientKey: { key: apiKey.privateKey, kid: "api-key-1" },
      timeoutSeconds: 2,
      log: () => undefined,
    }),
    { allowedOrigins: ["http://localhost:3000"] },
  );
const get = (token: string, api = app()) => api.request("/me", { headers: { Authorization: `Bearer ${token}` } });

describe("the API with API_TOKEN_CHECK=introspect", () => {
  it("answers a token the provider calls active, after proving itself with private_key_jwt", async () => {
    const response = await get("good");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: "person-1", scopes: ["lab:read"], client_id: "lab-cli" });
    expect(assertions.at(-1)).toEqual({ clientId: "lab-api", verified: true });
  });

  it.each([
    ["the provider calls inactive (expired, revoked or unknown)", "revoked", "not active"],
    ["is a refresh token (no bearer token_type)", "a-refresh-token", "not a bearer access token"],
    ["was issued for another audience", "for-another-api", "aud claim"],
    ["names another issuer", "from-another-issuer", "iss claim"],
  ])("refuses a token that %s with 401 invalid_token", async (_what, token, reason) => {
    const response = await get(token);
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer error="invalid_token", error_description="[^"]+"$/);
    expect(await response.json()).toMatchObject({
      error: "invalid_token",
      error_description: expect.stringContaining(reason) as unknown,
    });
  });

  it("answers 503 (not 401) when the provider fails or cannot be reached, and recovers without a restart", async () => {
    const failing = await get("provider-fails");
    expect(failing.status).toBe(503);
    expect(await failing.json()).toMatchObject({ error: "introspection_unavailable" });
    const unreachable = await get("good", app("http://127.0.0.1:9/oidc"));
    expect(unreachable.status).toBe(503);
    expect(unreachable.headers.get("WWW-Authenticate")).toBeNull();
    // A failed discovery is not kept: the same API works once its provider answers again.
    const api = app();
    discoveryAnswers = false;
    expect((await get("good", api)).status).toBe(503);
    discoveryAnswers = true;
    expect((await get("good", api)).status).toBe(200);
  });
});
