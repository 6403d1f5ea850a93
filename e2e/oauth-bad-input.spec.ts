import type { Page } from "@playwright/test";
import * as client from "openid-client";
import { expect, test } from "./fixtures";
import { authorizationRequest, discoverClient, ISSUER, loopbackListener, tokenRequest } from "./oauth-client";
import { ConsentPage } from "./pages/consent-page";
import { signUpIn } from "./two-devices";

// A loopback listener of this spec's own; the tests below share it, so they run one after another.
const LOOPBACK_PORT = 3468;
test.describe.configure({ mode: "serial" });

/** An authorization code for lab-cli, got the way a person gives it: the browser, the consent page, "Allow". */
async function issueCode(page: Page, config: client.Configuration, redirectUri: string) {
  const request = await authorizationRequest(config, redirectUri);
  await page.goto(request.url);
  await new ConsentPage(page).allow();
  await page.waitForURL((url) => url.href.startsWith(`${redirectUri}?`));
  const code = new URL(page.url()).searchParams.get("code");
  expect(code).toBeTruthy();
  return { code: code!, verifier: request.verifier, redirectUri };
}

/** RFC 6749 §5.2: a JSON error naming the code, with a description in words, and nothing else (no stack, no internals). */
function expectOAuthError(answer: Awaited<ReturnType<typeof tokenRequest>>, status: number, error: string) {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toMatch(/^application\/json/);
  expect(answer.body.error).toBe(error);
  expect(Object.keys(answer.body).sort()).toEqual(["error", "error_description"]);
  expect(answer.body.error_description).not.toMatch(/\bat \S+ \(|node_modules|Error:/);
}

test("the token endpoint answers RFC 6749 errors for a bad PKCE verifier, a reused code, a reused refresh token, the wrong client and another redirect URI", async ({
  page,
  person,
  deviceA,
}) => {
  await signUpIn("database", person, deviceA);
  const config = await discoverClient("lab-cli");
  const loopback = await loopbackListener(LOOPBACK_PORT);
  try {
    const redeem = (code: { code: string; verifier: string; redirectUri: string }, changes: Record<string, string> = {}) =>
      tokenRequest({
        grant_type: "authorization_code",
        client_id: "lab-cli",
        code: code.code,
        code_verifier: code.verifier,
        redirect_uri: code.redirectUri,
        ...changes,
      });

    await test.step("a bad PKCE verifier", async () => {
      const code = await issueCode(page, config, loopback.redirectUri);
      expectOAuthError(await redeem(code, { code_verifier: client.randomPKCECodeVerifier() }), 400, "invalid_grant");
      expectOAuthError(await redeem(code, { code_verifier: "" }), 400, "invalid_grant");
    });

    await test.step("a reused code", async () => {
      const code = await issueCode(page, config, loopback.redirectUri);
      const first = await redeem(code);
      expect(first.status).toBe(200);
      expectOAuthError(await redeem(code), 400, "invalid_grant");
    });

    await test.step("a reused refresh token", async () => {
      const tokens = await redeem(await issueCode(page, config, loopback.redirectUri));
      const refreshToken = String(tokens.body.refresh_token);
      const refresh = () => tokenRequest({ grant_type: "refresh_token", client_id: "lab-cli", refresh_token: refreshToken });
      expect((await refresh()).status).toBe(200);
      expectOAuthError(await refresh(), 400, "invalid_grant");
    });

    await test.step("a code issued to lab-cli, redeemed as lab-spa", async () => {
      const code = await issueCode(page, config, loopback.redirectUri);
      expectOAuthError(await redeem(code, { client_id: "lab-spa" }), 400, "invalid_grant");
      expectOAuthError(await redeem(code, { client_id: "lab-nobody" }), 401, "invalid_client");
    });

    await test.step("a token request naming another redirect URI than the authorization request", async () => {
      const code = await issueCode(page, config, loopback.redirectUri);
      expectOAuthError(await redeem(code, { redirect_uri: `http://127.0.0.1:${LOOPBACK_PORT}/elsewhere` }), 400, "invalid_grant");
      expectOAuthError(
        await redeem(code, { redirect_uri: `http://127.0.0.1:${LOOPBACK_PORT + 1}/callback` }),
        400,
        "invalid_grant",
      );
    });
  } finally {
    await loopback.close();
  }
});

test("an authorization request with a redirect URI the client did not register gets an error page (400), never a redirect", async ({
  request,
}) => {
  for (const [clientId, redirectUri] of [
    ["lab-spa", `${new URL(ISSUER).origin}/evil`],
    ["lab-spa", "http://localhost:1/spa/callback"],
    ["lab-cli", "https://evil.example/callback"],
    ["lab-cli", "http://127.0.0.1.evil.example/callback"],
  ] as const) {
    const config = await discoverClient(clientId);
    const { url } = await authorizationRequest(config, redirectUri);
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status(), `${clientId} → ${redirectUri}`).toBe(400);
    expect(response.headers().location).toBeUndefined();
    expect(response.headers()["content-type"]).toMatch(/^text\/html/);
    const body = await response.text();
    expect(body).toContain("This sign-in cannot go on");
    expect(body).not.toContain(redirectUri);
    expect(body).not.toMatch(/\bat \S+ \(|node_modules/);
  }
});

test("the token endpoint lets a browser read its answer only from the single-page app's own origin", async () => {
  const refreshFrom = (origin: string) =>
    fetch(`${ISSUER}/token`, {
      method: "POST",
      headers: { origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", client_id: "lab-spa", refresh_token: "not-a-token" }),
    });
  const fromTheApp = await refreshFrom(new URL(ISSUER).origin);
  expect(fromTheApp.headers.get("access-control-allow-origin")).toBe(new URL(ISSUER).origin);
  // The attacker's origin (another site on this machine) gets no CORS header: its page cannot read the answer.
  const fromAnotherSite = await refreshFrom("http://127.0.0.1:3300");
  expect(fromAnotherSite.headers.get("access-control-allow-origin")).toBeNull();
});
