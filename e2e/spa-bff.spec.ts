import { createServer } from "node:http";
import type { BrowserContext, Page } from "@playwright/test";
import { expect, test, type Device, type Person } from "./fixtures";
import { CLI_SCOPES } from "./oauth-client";
import { BffSpaPage } from "./pages/bff-spa-page";
import { ConsentPage } from "./pages/consent-page";
import { ACCESS_TOKEN_TTL_ON_CHECK_SERVER, CHECK_ON_PORT } from "./servers";
import { signUpIn } from "./two-devices";

// The SPA's fourth storage choice, the backend-for-frontend: the site keeps the tokens, the browser an HttpOnly,
// SameSite=Lax cookie. The first tests drive the BFF's routes in Chromium directly (what "Sign in" starts); the last
// one is the journey through the /spa page's own controls.

const SPA_NAME = "Lab single-page app";
/** Another site than localhost: a page this test serves on a loopback port of its own (127.0.0.1 is not localhost). */
const OTHER_SITE_PORT = Number(process.env.E2E_OTHER_SITE_PORT ?? 3960);
const OTHER_SITE = `http://127.0.0.1:${OTHER_SITE_PORT}`;
/** Three base64url parts with a JSON header: a JWT. */
const JWT_PATTERN = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

/** A new person signs up in the browser; answers their account id (the `sub` of the tokens the BFF gets). */
async function signedUpPerson(person: Person, device: Device): Promise<string> {
  await signUpIn("database", person, device);
  const me = (await (await device.page.request.get("/api/me")).json()) as { session: { user: { id: string } } };
  return me.session.user.id;
}

/** Consents on the provider's page as lab-spa, and waits to be back on /spa. */
async function allowOnConsentPage(page: Page) {
  const consent = new ConsentPage(page);
  await consent.expectRequest(SPA_NAME, CLI_SCOPES);
  await consent.allow();
  await page.waitForURL((url) => url.pathname === "/spa" && !url.searchParams.has("bff_error"));
}

async function bffCookie(context: BrowserContext) {
  const cookies = await context.cookies();
  return {
    bff: cookies.find((cookie) => cookie.name === "lab-bff"),
    login: cookies.find((cookie) => cookie.name === "lab-bff-login"),
  };
}

test("the BFF in Chromium: sign in as lab-spa, an HttpOnly SameSite=Lax cookie and no token in the page, /me through the site, sign out", async ({
  page,
  context,
  person,
  deviceA,
}) => {
  const accountId = await signedUpPerson(person, deviceA);
  await page.goto("/api/bff/login");
  await allowOnConsentPage(page);

  const { bff, login } = await bffCookie(context);
  expect(bff).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: false });
  expect(login).toBeUndefined();
  const readable = await new BffSpaPage(page).whatScriptsCanRead();
  expect(readable).not.toContain("lab-bff");
  expect(readable).not.toMatch(JWT_PATTERN);

  const me = await page.request.get("/api/bff/api/me");
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ sub: accountId, client_id: "lab-spa" });
  expect(await me.text()).not.toMatch(JWT_PATTERN);
  const session = await page.request.get("/api/bff/session");
  expect(await session.json()).toEqual({ signedIn: true, expiresAt: expect.any(Number) as unknown });

  const out = await page.request.post("/api/bff/logout", { headers: { origin: new URL(page.url()).origin } });
  expect(await out.json()).toEqual({ signedIn: false, revoked: true });
  expect((await bffCookie(context)).bff).toBeUndefined();
  expect((await page.request.get("/api/bff/api/me")).status()).toBe(401);
});

test("another site gets nothing from the BFF: its credentialed fetch is unreadable and carries no cookie, its POST is refused", async ({
  page,
  context,
  person,
  deviceA,
}) => {
  await signedUpPerson(person, deviceA);
  await page.goto("/api/bff/login");
  await allowOnConsentPage(page);
  const site = new URL(page.url()).origin;

  // The attacker's page: a real server of another site, with no CSP of the lab's in the way.
  const otherSite = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end("<!doctype html><title>Another site</title><p>Another site</p>");
  });
  await new Promise<void>((resolve) => otherSite.listen(OTHER_SITE_PORT, "127.0.0.1", resolve));
  try {
    await page.goto(`${OTHER_SITE}/`);
  } finally {
    otherSite.close();
  }
  const sentCookies: string[] = [];
  page.on("request", (request) => {
    if (request.url().startsWith(`${site}/api/bff/`))
      void request.allHeaders().then((headers) => sentCookies.push(headers.cookie ?? ""));
  });
  const read = await page.evaluate(async (url) => {
    try {
      const response = await fetch(url, { credentials: "include" });
      return `read: ${await response.text()}`;
    } catch (error) {
      return `refused: ${error instanceof Error ? error.name : "error"}`;
    }
  }, `${site}/api/bff/api/me`);
  // No Access-Control-Allow-Origin from the site: the browser keeps the answer from the other site's script.
  expect(read).toBe("refused: TypeError");
  const postAnswered = page.waitForResponse((response) => response.url() === `${site}/api/bff/logout`);
  const posted = await page.evaluate(
    (url) => fetch(url, { method: "POST", mode: "no-cors", credentials: "include" }).then((response) => response.type),
    `${site}/api/bff/logout`,
  );
  expect(posted).toBe("opaque");
  // The front door refused it (another site's Origin) before any route ran.
  expect((await postAnswered).status()).toBe(403);
  await expect.poll(() => sentCookies.length).toBe(2);
  // SameSite=Lax: neither cross-site request carried the cookie.
  for (const cookie of sentCookies) expect(cookie).not.toContain("lab-bff=");

  // With the cookie (as a same-site request has it) but another site's Origin, the front door refuses the write.
  const forged = await page.request.post(`${site}/api/bff/logout`, { headers: { origin: OTHER_SITE } });
  expect(forged.status()).toBe(403);
  expect(await (await page.request.get(`${site}/api/bff/session`)).json()).toMatchObject({ signedIn: true });
  expect((await bffCookie(context)).bff).toBeDefined();
});

test.describe("on the server whose access tokens live 10 s", () => {
  test.use({ baseURL: `http://localhost:${CHECK_ON_PORT}` });

  test("the site refreshes the BFF's tokens server-side when they are due; the browser's cookie stays as it was", async ({
    page,
    context,
    person,
    deviceA,
  }) => {
    await signedUpPerson(person, deviceA);
    await page.goto("/api/bff/login");
    await allowOnConsentPage(page);
    const cookieBefore = (await bffCookie(context)).bff?.value;
    const first = (await (await page.request.get("/api/bff/session")).json()) as { expiresAt: number };
    expect(first.expiresAt - Date.now()).toBeLessThanOrEqual(ACCESS_TOKEN_TTL_ON_CHECK_SERVER * 1000);

    // The server's own schedule decides when: the session answer's expiry moves once it has refreshed.
    await expect
      .poll(async () => ((await (await page.request.get("/api/bff/session")).json()) as { expiresAt: number }).expiresAt, {
        timeout: ACCESS_TOKEN_TTL_ON_CHECK_SERVER * 2000,
      })
      .toBeGreaterThan(first.expiresAt);
    expect((await page.request.get("/api/bff/api/me")).status()).toBe(200);
    expect((await bffCookie(context)).bff?.value).toBe(cookieBefore);
  });
});

test("the /spa page with the BFF choice: Sign in, Call /me, Refresh now, Sign out; no token ever in the page", async ({
  page,
  person,
  deviceA,
}) => {
  const accountId = await signedUpPerson(person, deviceA);
  const spa = new BffSpaPage(page);
  await spa.goto();
  await spa.chooseBackendForFrontend();
  await spa.signIn();
  await allowOnConsentPage(page);

  const me = await spa.callMe();
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ sub: accountId, client_id: "lab-spa" });
  const cookieBefore = (await bffCookie(page.context())).bff?.value;
  const refreshed = await spa.refreshNow();
  expect(refreshed.status()).toBe(200);
  expect(await refreshed.json()).toMatchObject({ signedIn: true, expiresAt: expect.any(Number) });
  expect((await spa.callMe()).status()).toBe(200);
  expect((await bffCookie(page.context())).bff?.value).toBe(cookieBefore);

  const readable = await spa.whatScriptsCanRead();
  expect(readable).not.toContain("lab-bff=");
  expect(readable).not.toMatch(JWT_PATTERN);

  const out = await spa.signOut();
  expect(out.status()).toBe(200);
  expect(await (await page.request.get("/api/bff/session")).json()).toEqual({ signedIn: false });
  expect((await page.request.get("/api/bff/api/me")).status()).toBe(401);
});
