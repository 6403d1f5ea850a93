import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, stat, writeFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import * as client from "openid-client";
import { expect, test, type Device, type Person } from "./fixtures";
import { authorizationRequest, API_URL, callApi, CLI_SCOPES, discoverClient, ISSUER, loopbackListener } from "./oauth-client";
import { ConsentPage } from "./pages/consent-page";
import { DeviceCodePages } from "./pages/device-code-pages";
import { signUpIn } from "./two-devices";

const CLI_NAME = "Lab command-line tool";
// Loopback listeners of this suite's own (any port works for the native client: RFC 8252 §7.3).
const LOOPBACK_PORTS = { allow: 3466, deny: 3467 };

/** Signs a new person up in the browser, and answers their account id (what the provider's tokens name as sub). */
async function signedInPerson(person: Person, device: Device): Promise<string> {
  await signUpIn("database", person, device);
  const me = (await (await device.page.request.get("/api/me")).json()) as { session: { user: { id: string } } };
  return me.session.user.id;
}

/** The browser goes to the authorization URL and the consent page names the CLI and its scopes. */
async function consentTo(page: Page, url: string) {
  await page.goto(url);
  const consent = new ConsentPage(page);
  await consent.expectRequest(CLI_NAME, CLI_SCOPES);
  return consent;
}

test("code + PKCE through Chromium: sign in, consent, exchange, /me at the API; refresh rotates, and reusing a used refresh token ends the grant", async ({
  page,
  person,
  deviceA,
}) => {
  const accountId = await signedInPerson(person, deviceA);
  const config = await discoverClient("lab-cli");
  const loopback = await loopbackListener(LOOPBACK_PORTS.allow);
  try {
    const request = await authorizationRequest(config, loopback.redirectUri);
    await (await consentTo(page, request.url)).allow();
    await page.waitForURL((url) => url.href.startsWith(`${loopback.redirectUri}?`));
    await expect(page.getByRole("heading", { name: "You can close this tab" })).toBeVisible();

    // openid-client checks state, the RFC 9207 iss and PKCE, then redeems the code.
    const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    expect(tokens.claims()?.sub).toBe(accountId);
    // openid gave an ID token, offline_access a refresh token; the access token carries the API's scope (RFC 8707).
    expect(tokens.id_token).toBeDefined();
    expect(tokens.refresh_token).toBeDefined();
    expect(tokens.scope).toBe("lab:read");
    expect(await callApi("/me", tokens.access_token)).toEqual({
      status: 200,
      body: { sub: accountId, scopes: ["lab:read"], client_id: "lab-cli" },
    });

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBeDefined();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await callApi("/notes", refreshed.access_token)).status).toBe(200);

    // The used refresh token again: refused, and the whole grant with it, so the new one is dead too.
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: "invalid_grant",
      status: 400,
    });
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({
      error: "invalid_grant",
      status: 400,
    });
  } finally {
    await loopback.close();
  }
});

test("Deny on the consent page sends error=access_denied back to the client, with its state and the issuer, and no code", async ({
  page,
  person,
  deviceA,
}) => {
  await signedInPerson(person, deviceA);
  const config = await discoverClient("lab-cli");
  const loopback = await loopbackListener(LOOPBACK_PORTS.deny);
  try {
    const request = await authorizationRequest(config, loopback.redirectUri);
    await (await consentTo(page, request.url)).deny();
    await page.waitForURL((url) => url.href.startsWith(`${loopback.redirectUri}?`));
    const callback = new URL(page.url());
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe(request.state);
    expect(callback.searchParams.get("iss")).toBe(ISSUER);
    expect(callback.searchParams.has("code")).toBe(false);
    await expect(
      client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state }),
    ).rejects.toMatchObject({
      error: "access_denied",
    });
  } finally {
    await loopback.close();
  }
});

test("device flow through Chromium: enter the code on /oidc/device, confirm, consent; the polling client gets tokens the API accepts", async ({
  page,
  person,
  deviceA,
}) => {
  const accountId = await signedInPerson(person, deviceA);
  const config = await discoverClient("lab-cli");
  const authorization = await client.initiateDeviceAuthorization(config, { scope: CLI_SCOPES.join(" ") });
  expect(authorization.verification_uri).toBe(`${ISSUER}/device`);
  const stop = new AbortController();
  const polling = client.pollDeviceAuthorizationGrant(config, authorization, undefined, { signal: stop.signal });
  // Settled below; this only keeps an abandoned poll (a failed step) from being an unhandled rejection.
  polling.catch(() => undefined);
  try {
    const devicePages = new DeviceCodePages(page);
    await devicePages.enterCode(authorization.user_code);
    await devicePages.confirm(CLI_NAME, authorization.user_code);
    await new ConsentPage(page).expectRequest(CLI_NAME, CLI_SCOPES);
    await new ConsentPage(page).allow();
    await devicePages.expectConnected();
    const tokens = await polling;
    expect(tokens.refresh_token).toBeDefined();
    expect(await callApi("/me", tokens.access_token)).toEqual({
      status: 200,
      body: { sub: accountId, scopes: ["lab:read"], client_id: "lab-cli" },
    });
  } finally {
    stop.abort();
  }
});

/** `npm run cli -- <args>` against the site under test, with its token file; its exit code and output. */
function cliEnv(tokenFile: string) {
  return {
    ...process.env,
    LAB_CLI_ISSUER: ISSUER,
    LAB_CLI_API_URL: API_URL,
    LAB_CLI_TOKEN_FILE: tokenFile,
    LAB_CLI_NO_BROWSER: "1",
  };
}

function startCli(args: string[], tokenFile: string) {
  const child = spawn("node_modules/.bin/tsx", ["cli/main.ts", ...args], {
    env: cliEnv(tokenFile),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exit = once(child, "exit").then(([code]) => code as number);
  return { output, exit, stop: () => child.kill() };
}

async function runCli(args: string[], tokenFile: string) {
  const run = startCli(args, tokenFile);
  const code = await run.exit;
  return { code, ...run.output };
}

type StoredTokens = { access_token: string; refresh_token: string; expires_at: number };
const readStored = async (file: string) => JSON.parse(await readFile(file, "utf8")) as StoredTokens;

test("npm run cli -- login through Chromium, then me and notes; a due refresh rotates the stored refresh token (once, for two processes at a time), and a copy of the old one signs the CLI out", async ({
  page,
  person,
  deviceA,
}, testInfo) => {
  const accountId = await signedInPerson(person, deviceA);
  const tokenFile = testInfo.outputPath("cli-tokens.json");
  const login = startCli(["login"], tokenFile);
  try {
    await expect.poll(() => /http:\/\/localhost:\d+\/oidc\/auth\?\S+/.exec(login.output.stdout)?.[0]).toBeDefined();
    const url = /http:\/\/localhost:\d+\/oidc\/auth\?\S+/.exec(login.output.stdout)![0];
    expect(new URL(url).searchParams.get("redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(new URL(url).searchParams.get("code_challenge_method")).toBe("S256");
    await (await consentTo(page, url)).allow();
    // The CLI's own loopback listener answers the browser.
    await expect(page.getByRole("heading", { name: "Signed in" })).toBeVisible();
    await expect(page.getByText("You can close this tab and return to the terminal.")).toBeVisible();
    expect(await login.exit).toBe(0);
  } finally {
    login.stop();
  }
  expect(login.output.stdout).toContain(`Signed in as ${accountId} (scopes: `);
  expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
  const first = await readStored(tokenFile);
  expect(login.output.stdout).not.toContain(first.access_token);
  expect(login.output.stdout).not.toContain(first.refresh_token);

  const me = await runCli(["me"], tokenFile);
  expect(me.code).toBe(0);
  expect(JSON.parse(me.stdout)).toEqual({ sub: accountId, scopes: ["lab:read"], client_id: "lab-cli" });
  expect((await readStored(tokenFile)).refresh_token).toBe(first.refresh_token);

  // Within 30 s of expiry, the CLI refreshes before it calls the API, and stores the rotated refresh token.
  await writeFile(tokenFile, JSON.stringify({ ...first, expires_at: Math.floor(Date.now() / 1000) + 10 }));
  const notes = await runCli(["notes"], tokenFile);
  expect(notes.code).toBe(0);
  expect((JSON.parse(notes.stdout) as { notes: unknown[] }).notes.length).toBeGreaterThan(0);
  const second = await readStored(tokenFile);
  expect(second.refresh_token).not.toBe(first.refresh_token);
  expect(second.access_token).not.toBe(first.access_token);
  expect(second.expires_at).toBeGreaterThan(Math.floor(Date.now() / 1000) + 60);
  expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);

  // Two CLI processes due for a refresh at once: one refreshes, the other waits for it and uses its tokens (two
  // refreshes with one refresh token would be reuse, and the provider would end the grant).
  await writeFile(tokenFile, JSON.stringify({ ...second, expires_at: 0 }));
  const together = await Promise.all([runCli(["me"], tokenFile), runCli(["notes"], tokenFile)]);
  expect(together.map(({ code, stderr }) => ({ code, stderr }))).toEqual([
    { code: 0, stderr: "" },
    { code: 0, stderr: "" },
  ]);
  const third = await readStored(tokenFile);
  expect(third.refresh_token).not.toBe(second.refresh_token);

  // A stale copy (the used refresh token) is reuse: the provider ends the grant, and the CLI says it is signed out.
  await writeFile(tokenFile, JSON.stringify({ ...first, expires_at: 0 }));
  const reused = await runCli(["me"], tokenFile);
  expect(reused).toMatchObject({ code: 1, stdout: "", stderr: "lab-cli: signed out: run npm run cli -- login\n" });
  await expect(stat(tokenFile)).rejects.toMatchObject({ code: "ENOENT" });
  // The latest refresh token went down with its grant.
  await writeFile(tokenFile, JSON.stringify({ ...third, expires_at: 0 }));
  expect(await runCli(["notes"], tokenFile)).toMatchObject({
    code: 1,
    stderr: "lab-cli: signed out: run npm run cli -- login\n",
  });
});

test("npm run cli -- login --device through Chromium, then logout revokes the refresh token and deletes the file", async ({
  page,
  person,
  deviceA,
}, testInfo) => {
  const accountId = await signedInPerson(person, deviceA);
  const tokenFile = testInfo.outputPath("cli-tokens.json");
  const login = startCli(["login", "--device"], tokenFile);
  try {
    await expect.poll(() => /code ([A-Z]{4}-[A-Z]{4})/.exec(login.output.stdout)?.[1]).toBeDefined();
    const userCode = /code ([A-Z]{4}-[A-Z]{4})/.exec(login.output.stdout)![1]!;
    const devicePages = new DeviceCodePages(page);
    await devicePages.enterCode(userCode);
    await devicePages.confirm(CLI_NAME, userCode);
    await new ConsentPage(page).allow();
    await devicePages.expectConnected();
    expect(await login.exit).toBe(0);
  } finally {
    login.stop();
  }
  expect(login.output.stdout).toContain(`Signed in as ${accountId}`);
  const stored = await readStored(tokenFile);
  expect(JSON.parse((await runCli(["me"], tokenFile)).stdout)).toMatchObject({ sub: accountId });

  const logout = await runCli(["logout"], tokenFile);
  expect(logout).toMatchObject({ code: 0, stderr: "" });
  expect(logout.stdout).toContain("Signed out: the refresh token is revoked and the stored tokens are deleted.");
  await expect(stat(tokenFile)).rejects.toMatchObject({ code: "ENOENT" });
  await expect(client.refreshTokenGrant(await discoverClient("lab-cli"), stored.refresh_token)).rejects.toMatchObject({
    error: "invalid_grant",
  });
  expect(await runCli(["me"], tokenFile)).toMatchObject({
    code: 1,
    stderr: "lab-cli: Not signed in: run npm run cli -- login\n",
  });
});

test("npm run cli -- login gives up with a clear message when no sign-in comes back from the browser", async ({}, testInfo) => {
  const tokenFile = testInfo.outputPath("cli-tokens.json");
  const result = await runCli(["login", "--timeout", "5"], tokenFile);
  expect(result.stdout).toContain("Open this URL in your browser to sign in:");
  expect(result).toMatchObject({
    code: 1,
    stderr: "lab-cli: No sign-in came back from the browser within 5 s: run npm run cli -- login to try again\n",
  });
  await expect(stat(tokenFile)).rejects.toMatchObject({ code: "ENOENT" });
});
