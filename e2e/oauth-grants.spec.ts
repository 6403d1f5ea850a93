import * as client from "openid-client";
import type { APIRequestContext, BrowserContext } from "@playwright/test";
import { authorizeOverHttp, discoverPublicClient } from "../bench/harness/oauth";
import { ACCESS_TOKEN_TTL_ON_CHECK_SERVER, apiPortOf, CHECK_ON_PORT, PORT } from "./servers";
import { expect, test, type Device, type Person } from "./fixtures";
import { signUpIn } from "./two-devices";

const CLI = "Lab command-line tool";
// The API accepts a token up to 5 s past its expiry (API_CLOCK_TOLERANCE_SECONDS); 10 s more for polling.
const API_CLOCK_TOLERANCE_SECONDS = 5;
const POLL_SLACK_SECONDS = 10;

/** The Cookie header this browser sends to `siteUrl`: its site session, for the provider's sign-in step. */
async function siteCookieHeader(context: BrowserContext, siteUrl: string): Promise<string> {
  return (await context.cookies(siteUrl)).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

/** A person signed in on `device`, and the command-line tool holding tokens they allowed (code + PKCE, consent allowed). */
async function cliWithTokens(device: Device, person: Person, siteUrl: string) {
  await signUpIn("database", person, device);
  const config = await discoverPublicClient(siteUrl);
  const tokens = await authorizeOverHttp(siteUrl, await siteCookieHeader(device.page.context(), siteUrl), { config });
  expect(tokens.refresh_token).toBeTruthy();
  return { config, tokens, refreshToken: tokens.refresh_token ?? "" };
}

const apiMe = (request: APIRequestContext, sitePort: number, accessToken: string) =>
  request.get(`http://localhost:${apiPortOf(sitePort)}/me`, { headers: { authorization: `Bearer ${accessToken}` } });

// This server's access tokens live 10 s, so the whole revocation window fits in a test.
test.describe(`a revoked app, with ${ACCESS_TOKEN_TTL_ON_CHECK_SERVER} s access tokens`, () => {
  const siteUrl = `http://localhost:${CHECK_ON_PORT}`;
  test.use({ baseURL: siteUrl, labDataDir: ".data/e2e-check" });

  test("revoking an app on the devices page ends its refresh token at once, and the API refuses its access token once it expires", async ({
    person,
    deviceA,
    request,
  }) => {
    const { config, refreshToken } = await cliWithTokens(deviceA, person, siteUrl);

    await deviceA.devices.goto();
    await expect(deviceA.devices.appRows(CLI)).toHaveCount(1);
    await expect(deviceA.devices.appRows(CLI)).toContainText("openid offline_access lab:read");
    await expect(deviceA.devices.accessTokenWindow()).toContainText(
      `Access tokens it already holds keep working at the API until they expire, within ${ACCESS_TOKEN_TTL_ON_CHECK_SERVER} seconds`,
    );
    // A fresh access token just before the revocation: the whole window lies ahead.
    const refreshed = await client.refreshTokenGrant(config, refreshToken);
    expect((await apiMe(request, CHECK_ON_PORT, refreshed.access_token)).status()).toBe(200);

    const revokedAt = Date.now();
    await deviceA.devices.revokeApp(CLI);

    await expect(deviceA.devices.appRows(CLI)).toHaveCount(0);
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token ?? "")).rejects.toMatchObject({
      error: "invalid_grant",
    });
    // The API checks signatures, not the provider: the access token works until it expires.
    expect((await apiMe(request, CHECK_ON_PORT, refreshed.access_token)).status()).toBe(200);
    let refusal: Awaited<ReturnType<typeof apiMe>> | undefined;
    await expect
      .poll(
        async () => {
          refusal = await apiMe(request, CHECK_ON_PORT, refreshed.access_token);
          return refusal.status();
        },
        {
          timeout: (ACCESS_TOKEN_TTL_ON_CHECK_SERVER + API_CLOCK_TOLERANCE_SECONDS + POLL_SLACK_SECONDS) * 1000,
          intervals: [250],
        },
      )
      .toBe(401);
    expect(refusal?.headers()["www-authenticate"]).toContain('error="invalid_token"');
    const windowSeconds = (Date.now() - revokedAt) / 1000;
    test.info().annotations.push({ type: "revocation window", description: `${windowSeconds.toFixed(1)} s` });
    console.log(
      `[revocation window] revoke → first API 401: ${windowSeconds.toFixed(1)} s (access tokens live ${ACCESS_TOKEN_TTL_ON_CHECK_SERVER} s)`,
    );
  });
});

test.describe("revoking every credential reaches token clients", () => {
  const siteUrl = `http://localhost:${PORT}`;

  test("signing out everywhere ends an app's refresh token at once", async ({ person, deviceA }) => {
    const { config, refreshToken } = await cliWithTokens(deviceA, person, siteUrl);
    await deviceA.devices.goto();
    await expect(deviceA.devices.appRows(CLI)).toHaveCount(1);

    await deviceA.page.getByRole("button", { name: "Sign out everywhere" }).click();
    await deviceA.header.expectSignedOut();

    await expect(client.refreshTokenGrant(config, refreshToken)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  test("changing the password ends an app's refresh token, and the app leaves the list", async ({ person, deviceA }) => {
    const { config, refreshToken } = await cliWithTokens(deviceA, person, siteUrl);

    await deviceA.password.change(person.password, "a brand new passphrase 3");

    await expect(client.refreshTokenGrant(config, refreshToken)).rejects.toMatchObject({ error: "invalid_grant" });
    await deviceA.devices.goto();
    await expect(deviceA.devices.apps()).toContainText("No app holds tokens for you.");
  });
});
