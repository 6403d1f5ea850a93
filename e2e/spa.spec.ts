import { expect, test, type Device, type Person } from "./fixtures";
import { ISSUER, tokenRequest } from "./oauth-client";
import { SpaPage, type StorageLabel } from "./pages/spa-page";
import { signUpIn } from "./two-devices";

// A browser sends no X-Forwarded-For; the fixtures' per-test one would make every call to the API a CORS preflight
// the API rightly refuses (it allows Authorization alone). This server trusts no proxy, so nothing else changes.
test.use({ extraHTTPHeaders: {} });

/** A person signed in to the site (the provider's sign-in), and the app open at /spa with `storage` chosen. */
async function openSpa(person: Person, device: Device, storage: StorageLabel): Promise<SpaPage> {
  await signUpIn("database", person, device);
  const spa = new SpaPage(device.page);
  await spa.goto();
  await spa.chooseStorage(storage);
  return spa;
}

/** The refresh token at the token endpoint over plain HTTP, as an attacker holding it would send it. */
const refreshOverHttp = (refreshToken: string) =>
  tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: "lab-spa" });

const BROWSER_CHOICES = [
  { label: "localStorage", where: "localStorage" },
  { label: "sessionStorage", where: "sessionStorage" },
  { label: "Memory only", where: undefined },
] as const;

for (const { label, where } of BROWSER_CHOICES) {
  test(`${label}: sign in with consent, call /me and /notes, refresh to a new refresh token, and sign out revokes it`, async ({
    person,
    deviceA,
  }) => {
    const spa = await openSpa(person, deviceA, label);
    const exchange = spa.nextTokenResponse();
    await spa.signInWithConsent();
    const signedIn = await exchange;
    expect(signedIn.refresh_token).toBeDefined();

    const me = await spa.callApi("/me");
    expect(me).toEqual({ status: 200, body: { sub: expect.any(String), scopes: ["lab:read"], client_id: "lab-spa" } });
    const notes = await spa.callApi("/notes");
    expect(notes.status).toBe(200);
    expect(JSON.stringify(notes.body)).toContain((me.body as { sub: string }).sub);

    const refreshing = spa.nextTokenResponse();
    expect(await spa.refreshNow()).toMatch(/^Refreshed: a new access token/);
    const refreshed = await refreshing;
    expect(refreshed.refresh_token).toBeDefined();
    expect(refreshed.refresh_token).not.toBe(signedIn.refresh_token);
    // Where the tokens are: the chosen storage holds the new pair, in the shape the attacker demonstration reads.
    const pair = {
      access_token: refreshed.access_token,
      refresh_token: refreshed.refresh_token,
      id_token: expect.any(String),
      expires_at: expect.any(Number),
    };
    const stored = { local: await spa.storedTokens("localStorage"), session: await spa.storedTokens("sessionStorage") };
    if (where === "localStorage") expect(stored).toEqual({ local: pair, session: null });
    else if (where === "sessionStorage") expect(stored).toEqual({ local: null, session: pair });
    // Memory only writes them nowhere.
    else expect(stored).toEqual({ local: null, session: null });
    expect((await spa.callApi("/me")).status).toBe(200);

    await spa.signOut();
    expect(await spa.storedTokens("localStorage")).toBeNull();
    expect(await spa.storedTokens("sessionStorage")).toBeNull();
    // RFC 7009: the provider no longer knows the refresh token; the used one before it was spent by the rotation.
    expect(await refreshOverHttp(refreshed.refresh_token!)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(await refreshOverHttp(signedIn.refresh_token!)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(spa.uncaughtErrors).toEqual([]);
  });
}

test("Memory only: a reload loses the tokens, and the app signs in again silently from the site's session (no prompt)", async ({
  person,
  deviceA,
}) => {
  const spa = await openSpa(person, deviceA, "Memory only");
  await spa.signInWithConsent();
  const silent = spa.page.waitForRequest((request) => {
    const url = new URL(request.url());
    return url.pathname === "/oidc/auth" && url.searchParams.get("prompt") === "none";
  });
  await spa.page.reload();
  await silent;
  await spa.page.waitForURL((url) => url.pathname === "/spa");
  await spa.expectSignedIn();
  // prompt=none earns no refresh token (the provider grants offline_access only with consent): the page says so.
  await expect(spa.button("Refresh now")).toBeDisabled();
  expect((await spa.callApi("/me")).status).toBe(200);
  expect(spa.uncaughtErrors).toEqual([]);
});

test("five tabs on localStorage all press Refresh now at once: no refresh token is sent twice, nobody is signed out, every tab still calls /me", async ({
  context,
  person,
  deviceA,
}) => {
  const first = await openSpa(person, deviceA, "localStorage");
  await first.signInWithConsent();
  const tabs = [first];
  for (let opened = 1; opened < 5; opened++) {
    const tab = new SpaPage(await context.newPage());
    await tab.goto();
    await tab.expectSignedIn();
    tabs.push(tab);
  }
  const sentRefreshTokens: string[] = [];
  context.on("request", (request) => {
    const body = new URLSearchParams(request.postData() ?? "");
    if (new URL(request.url()).pathname === "/oidc/token" && body.get("grant_type") === "refresh_token") {
      sentRefreshTokens.push(body.get("refresh_token") ?? "");
    }
  });

  const notices = await Promise.all(tabs.map((tab) => tab.refreshNow()));

  // Without the lock each tab would send the same refresh token, and the provider would end the grant as reuse.
  expect(sentRefreshTokens.length).toBeGreaterThanOrEqual(1);
  expect(new Set(sentRefreshTokens).size).toBe(sentRefreshTokens.length);
  expect(notices.filter((notice) => notice.startsWith("Refreshed")).length).toBe(sentRefreshTokens.length);
  const stored = await first.storedTokens("localStorage");
  expect(stored?.refresh_token).toBeDefined();
  expect(sentRefreshTokens).not.toContain(stored?.refresh_token);
  for (const tab of tabs) {
    await tab.expectSignedIn();
    expect((await tab.callApi("/me")).status).toBe(200);
    expect(tab.uncaughtErrors).toEqual([]);
  }
  // The chain is alive: the stored refresh token still refreshes.
  expect((await refreshOverHttp(stored!.refresh_token!)).status).toBe(200);
});

test.describe("bad input in storage gets a clean sign-in prompt", () => {
  for (const where of ["localStorage", "sessionStorage"] as const) {
    test(`${where}: text that is not tokens, tokens the provider never issued, and an expired pair with a made-up refresh token`, async ({
      page,
    }) => {
      const spa = new SpaPage(page);
      await spa.goto();
      await spa.chooseStorage(where);

      await spa.storeRaw(where, "{not json");
      await page.reload();
      await expect(spa.alert()).toContainText(`The tokens in ${where} are not the ones this app stored`);
      await spa.expectSignInPrompt();

      const inAnHour = Date.now() + 3600_000;
      await spa.storeRaw(where, JSON.stringify({ access_token: "forged", refresh_token: "forged", expires_at: inAnHour }));
      await page.reload();
      await spa.expectSignedIn();
      await spa.button("Call /me").click();
      await expect(spa.alert()).toContainText("The provider refused the refresh token (invalid_grant)");
      await spa.expectSignInPrompt();
      expect(await spa.storedTokens(where)).toBeNull();

      const expired = { access_token: "expired", refresh_token: "made-up", expires_at: Date.now() - 60_000 };
      await spa.storeRaw(where, JSON.stringify(expired));
      await page.reload();
      await expect(spa.alert()).toContainText("The provider refused the refresh token (invalid_grant)");
      await spa.expectSignInPrompt();
      expect(spa.uncaughtErrors).toEqual([]);
    });
  }
});

test.describe("a malformed callback gets a clear message and a way back", () => {
  test("an answer this tab never asked for", async ({ page }) => {
    const spa = new SpaPage(page);
    await page.goto("/spa/callback?code=made-up&state=made-up");
    await spa.expectCallbackRefused(/^This tab was not waiting for a sign-in answer/);
    expect(spa.uncaughtErrors).toEqual([]);
  });

  const answers: [string, (state: string) => string, RegExp][] = [
    ["without a state", () => "code=made-up", /^The sign-in answer carries no state/],
    ["with another state", () => "code=made-up&state=someone-elses", /^The sign-in answer carries a state this tab did not make/],
    ["with an error but no state", () => "error=access_denied", /^The sign-in answer carries no state/],
    [
      "from another issuer",
      (state) => `code=made-up&state=${state}&iss=${encodeURIComponent("http://evil.example/oidc")}`,
      /^The sign-in answer does not come from this site's provider/,
    ],
  ];
  for (const [what, query, message] of answers) {
    test(`an answer ${what}, while this tab waits for its own`, async ({ page, person, deviceA }) => {
      const spa = await openSpa(person, deviceA, "localStorage");
      // The sign-in starts (state, nonce and verifier kept in this tab); the answer that comes back is not the provider's.
      await spa.button("Sign in").click();
      await page.waitForURL((url) => url.pathname.startsWith("/oidc/interaction/"));
      const state = await page.evaluate(
        () => (JSON.parse(sessionStorage.getItem("lab-spa-sign-in") ?? "{}") as { state?: string }).state,
      );
      expect(state).toBeDefined();
      await page.goto(`/spa/callback?${query(state!)}`);
      await spa.expectCallbackRefused(message);
      expect(spa.uncaughtErrors).toEqual([]);
    });
  }

  test("Deny on the consent page comes back as error=access_denied, and says so", async ({ page, person, deviceA }) => {
    const spa = await openSpa(person, deviceA, "sessionStorage");
    await spa.button("Sign in").click();
    await page.getByRole("button", { name: "Deny" }).click();
    await page.waitForURL((url) => url.pathname === "/spa/callback" && url.searchParams.get("iss") === ISSUER);
    await spa.expectCallbackRefused(/^You chose Deny on the consent page/);
    expect(await spa.storedTokens("sessionStorage")).toBeNull();
    expect(spa.uncaughtErrors).toEqual([]);
  });
});
