import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { CHECK_ON_PORT } from "./servers";
import { RATE_LIMIT_DEFAULTS } from "../lib/env-schema";

const SIGN_UPS_PER_CLIENT = RATE_LIMIT_DEFAULTS.AUTH_RATE_LIMIT_SIGN_UPS_PER_CLIENT;

// This server runs with the default limits and believes one proxy hop, so each test is its own
// client through the X-Forwarded-For header the fixtures send (a fresh address per test).
test.use({ baseURL: `http://localhost:${CHECK_ON_PORT}`, labDataDir: ".data/e2e-check" });

const waitMessage = /^Too many sign-in attempts for this account or from your network\. Wait (\d+) seconds, then try again/;

test("password sign-in: 5 tries per account, then a 30-second wait that even the right password must sit out", async ({
  person,
  signUpPage,
  signInPage,
  header,
}) => {
  await signUpPage.signUp(person);
  await header.signOut();
  for (let attempt = 1; attempt <= 4; attempt++) {
    await signInPage.signInWithPassword(person.email, `not the password ${attempt}`);
    await expect(signInPage.alert()).toHaveText("That email and password do not match an account. Check both and try again.");
  }
  await signInPage.signInWithPassword(person.email, "not the password 5");
  await expect(signInPage.alert()).toHaveText(waitMessage);
  // The wait starts when the fifth attempt is counted, before its hash runs: 30 s, less the time that took.
  const seconds = Number(waitMessage.exec((await signInPage.alert().textContent()) ?? "")?.[1]);
  expect(seconds).toBeGreaterThan(20);
  expect(seconds).toBeLessThanOrEqual(30);

  await signInPage.signInWithPassword(person.email, person.password);
  await expect(signInPage.alert()).toHaveText(waitMessage);
  await header.expectSignedOut();
});

test("sign-in links: 3 per address per 15 minutes, and each new link voids the older ones", async ({
  page,
  person,
  signInPage,
  outboxPage,
  header,
}) => {
  await signInPage.requestMagicLink(person.email);
  const first = await outboxPage.newestLinkFor(person.email);
  await signInPage.requestMagicLink(person.email);
  await signInPage.requestMagicLink(person.email);

  await signInPage.goto();
  const form = page.getByRole("form", { name: "Email me a sign-in link" });
  await form.getByLabel("Email for the link").fill(person.email);
  await form.getByRole("button", { name: "Send link" }).click();
  await expect(signInPage.alert()).toHaveText(
    /^We have sent as many emails to this address, or from your network, as we allow for now\. Use the newest link you already have, or try again in 15 minutes\.$/,
  );
  await outboxPage.goto();
  await expect(outboxPage.messagesFor(person.email)).toHaveCount(3);

  await page.goto(first);
  await expect(signInPage.alert()).toHaveText("That sign-in link has expired or was already used. Ask for a new one below.");
  await header.expectSignedOut();
  await outboxPage.openLinkFor(person.email);
  await header.expectSignedInAs(person.email);
});

test(`sign-ups: ${SIGN_UPS_PER_CLIENT} per client address per hour`, async ({ page, signUpPage, header }) => {
  // Each sign-up hashes a password at full cost; twenty of them take a while on a small machine.
  test.setTimeout(240_000);
  const newPerson = (n: number) => ({
    email: `limit-${n}-${crypto.randomUUID()}@example.com`,
    password: "analytical engine 1843",
  });
  for (let n = 1; n <= SIGN_UPS_PER_CLIENT; n++) {
    await signUpPage.submit(newPerson(n));
    await expect(signUpPage.checkEmailHeading()).toBeVisible();
  }
  await signUpPage.submit(newPerson(SIGN_UPS_PER_CLIENT + 1));
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    /^Too many sign-ups from your network, or emails to this address, for now\. Try again in \d+ minutes; if you already signed up, use the link in your email\.$/,
  );
  await header.expectSignedOut();
});

/** A CSRF token and its cookie, as a browser's form post to Auth.js would carry. */
async function csrf(request: APIRequestContext): Promise<string> {
  const response = await request.get("/api/auth/csrf");
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

test("Auth.js's credentials endpoint over HTTP has the same limits, and answers 429 with Retry-After", async ({
  request,
  person,
  baseURL,
}) => {
  const statuses: number[] = [];
  let retryAfter: string | undefined;
  for (let attempt = 1; attempt <= 6; attempt++) {
    const response = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken: await csrf(request), email: person.email, password: `guess number ${attempt}` },
      // A browser's form post names its page's origin; the front door refuses one that names none.
      headers: { origin: baseURL! },
      maxRedirects: 0,
    });
    statuses.push(response.status());
    retryAfter = response.headers()["retry-after"];
  }
  expect(statuses).toEqual([302, 302, 302, 302, 429, 429]);
  expect(Number(retryAfter)).toBeGreaterThan(20);
  expect(Number(retryAfter)).toBeLessThanOrEqual(30);
});
