import { readFile, writeFile } from "node:fs/promises";
import { expect as baseExpect, type Page } from "@playwright/test";
import {
  attackerDemonstrationSchema,
  attackResultsSchema,
  type AttackerDemonstration,
  type AttackRow,
} from "../lib/lab/attack-results";
import { expect, test, SESSION_COOKIE, type Device, type Person } from "./fixtures";
import { AttackerPanel, type ForgedRequest, type InjectedScriptReport } from "./pages/attacker-panel";
import { ConsentPage } from "./pages/consent-page";
import { DevicesPage } from "./pages/devices-page";
import { apiPortOf, attackerPortOf, PORT } from "./servers";
import { signUpIn } from "./two-devices";

const SITE = `http://localhost:${PORT}`;
const API = `http://localhost:${apiPortOf(PORT)}`;
const ATTACKER = `http://127.0.0.1:${attackerPortOf(PORT)}`;
/** Every cookie that carries a session in one of the modes (HttpOnly, SameSite=Lax), and the backend-for-frontend's. */
const SESSION_COOKIES = [SESSION_COOKIE, "lab-hybrid-token", "lab-bff"];

// One worker runs these in order: each writes its row into the one results file.
test.describe.configure({ mode: "default" });

/** What the attacker's site kept of the last demonstration (attacker/app.ts), read from outside the browser. */
async function attackerSays(path: "/result" | "/replay"): Promise<AttackerDemonstration> {
  const response = await fetch(`${ATTACKER}${path}`, { method: path === "/replay" ? "POST" : "GET" });
  return attackerDemonstrationSchema.parse(await response.json());
}

/** Adds (or replaces) one measured row in LAB_ATTACK_RESULTS_OUT, when it is set. */
async function record(row: AttackRow) {
  const out = process.env.LAB_ATTACK_RESULTS_OUT;
  if (!out) return;
  const previous = await readFile(out, "utf8").then(
    (text) => attackResultsSchema.safeParse(JSON.parse(text)),
    () => undefined,
  );
  const rows = [...(previous?.success ? previous.data.rows.filter((kept) => kept.id !== row.id) : []), row];
  const results = attackResultsSchema.parse({
    createdAt: new Date().toISOString(),
    command: `LAB_ATTACK_RESULTS_OUT=${out} npx playwright test e2e/attacks.spec.ts`,
    rows,
  });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
}

/** Which defence each forged request met, read from what the lab answered and what the browser sent. */
function defencesSeen(requests: ForgedRequest[]): string {
  const seen = new Set<string>();
  for (const request of requests) {
    if (request.url.startsWith(API)) {
      seen.add(
        `a bearer header no other site can add: the cross-site API call carried none${request.status === 401 ? " (401)" : ""}`,
      );
    } else if (request.method === "POST") {
      if (request.status === 403) seen.add("the front door's Origin check refused the cross-site post (403)");
      if (!request.cookieSent) seen.add("SameSite=Lax: no session cookie went with the cross-site post");
    } else if (request.method === "DELETE" && request.status === "failed") {
      seen.add("CORS: the browser never sent the credentialed DELETE (sign out everywhere), its preflight unanswered");
    } else if (request.method === "GET") {
      if (!request.cookieSent) seen.add("SameSite=Lax: no cookie went with the cross-site fetch");
      if (request.status === "failed") seen.add("no CORS for other sites: the attacker's page could not read the answer");
    }
  }
  return [...seen].join("; ");
}

const describeRequests = (requests: ForgedRequest[]) =>
  requests
    .map(
      (request) =>
        `${request.method} ${new URL(request.url).pathname}${request.fieldNames.some((name) => name.startsWith("$ACTION")) ? " (the real form's action fields)" : ""} → ${request.status === "failed" ? "stopped by the browser" : request.status}${request.cookieSent ? " (cookie sent)" : ""}`,
    )
    .join(", ");

const statusOf = (report: InjectedScriptReport, path: string) =>
  report.uses.find((use) => use.path === path)?.status ?? "nothing";
const usedInPage = (report: InjectedScriptReport, path: string) => statusOf(report, path) === 200;

test("a real injected <script> is parsed into the page through the unsafe field, and the CSP refuses to run it", async ({
  browser,
}) => {
  // No CSP watch that fails the test here: the violation is what this test waits for.
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const violations: string[] = [];
    Object.assign(window, { labCspViolations: violations });
    document.addEventListener("securitypolicyviolation", (event) => violations.push(event.effectiveDirective));
  });
  const payload = `<script>window.labInjected = "ran"; document.title = "pwned";</script>`;
  await page.goto(`/spa/attack?q=${encodeURIComponent(payload)}`);
  // The markup is in the page: only the CSP stands between it and running.
  await baseExpect(page.getByTestId("reflected").locator("script")).toHaveCount(1);
  await baseExpect(page.getByTestId("reflected-markup")).toContainText(payload);
  await baseExpect
    .poll(() => page.evaluate(() => (window as { labCspViolations?: string[] }).labCspViolations ?? []))
    .toContain("script-src-elem");
  expect(await page.evaluate(() => (window as { labInjected?: string }).labInjected)).toBeUndefined();
  await baseExpect(page).not.toHaveTitle("pwned");
  await page.close();
});

test.describe("the cookie modes, attacked", () => {
  for (const mode of ["database", "jwt", "hybrid"] as const) {
    test(`${mode}: an injected script uses the session but cannot take it; a forged cross-site post changes nothing`, async ({
      page,
      person,
      deviceA,
    }) => {
      await signUpIn(mode, person, deviceA);
      await page.goto("/spa/attack");
      const panel = new AttackerPanel(page);
      const { report, attackerWindow } = await panel.runInjectedScript();
      await attackerWindow.close();
      const stolen = await attackerSays("/result");

      const readable = report.cookieNames.some((name) => SESSION_COOKIES.some((cookie) => name.startsWith(cookie)));
      expect(readable).toBe(false);
      expect(usedInPage(report, "/api/me")).toBe(true);
      const offDevice = stolen.taken?.accessToken === true || stolen.taken?.refreshToken === true;
      expect(offDevice).toBe(false);

      const requests = await panel.runCsrfAttempts([SITE, API], SESSION_COOKIES);
      const forgedPosts = requests.filter((request) => request.method === "POST");
      expect(forgedPosts.length).toBeGreaterThanOrEqual(2);
      const me = await page.request.get("/api/me");
      const after = (await me.json()) as { mode?: string };
      const stillSignedIn = me.status() === 200 && after.mode === mode;
      expect(stillSignedIn).toBe(true);
      await record({
        id: mode,
        kind: "cookie-mode",
        label: { database: "Server session", jwt: "Token cookie (JWT)", hybrid: "Hybrid" }[mode],
        readableByInjectedScript: {
          value: readable,
          evidence: `document.cookie showed ${report.cookieNames.length > 0 ? report.cookieNames.join(", ") : "nothing"}: the session cookie is HttpOnly`,
        },
        usableByInjectedScript: {
          value: usedInPage(report, "/api/me"),
          evidence: `GET /api/me from the injected script answered ${statusOf(report, "/api/me")}: the browser attached the cookie`,
        },
        usableOffDevice: {
          value: offDevice,
          evidence: `the attacker received ${stolen.taken?.cookieNames.length ? `cookies ${stolen.taken.cookieNames.join(", ")}` : "no cookie"} and no token`,
        },
        forHowLong: "Only while the page running the injected script is open: it rides this browser's cookie.",
        csrfWorks: {
          value: !stillSignedIn,
          evidence: `${describeRequests(forgedPosts)}; afterwards /api/me answered ${me.status()} in ${after.mode ?? "no"} mode`,
        },
        whatStopsIt: defencesSeen(requests),
      });
    });
  }
});

/** One of the SPA's buttons: in the page's content, not the site header's own "Sign out". */
const spaButton = (page: Page, name: "Sign in" | "Sign out" | "Refresh now") =>
  page.getByRole("main").getByRole("button", { name, exact: true });

/** Signs a new person in to the site, then the single-page app at /spa with `choice`, by the shared design's labels. */
async function signInToSpa(page: Page, person: Person, device: Device, choice: { value: string; label: string }) {
  await signUpIn("database", person, device);
  await page.goto("/spa");
  const radio = page
    .getByRole("group", { name: "Where the app keeps its tokens" })
    .getByRole("radio", { name: choice.label, exact: true });
  await radio.check();
  await expect(radio).toBeChecked();
  await spaButton(page, "Sign in").click();
  // The SPA asks for offline_access, so the provider asks the person first.
  await new ConsentPage(page).allow();
  await page.waitForURL((url) => url.pathname === "/spa");
  await expect(spaButton(page, "Sign out")).toBeEnabled();
}

const STORAGE_CHOICES = [
  { value: "local", label: "localStorage" },
  { value: "session", label: "sessionStorage" },
  { value: "memory", label: "Memory only" },
  { value: "bff", label: "Backend for frontend (HttpOnly cookie)" },
] as const;

for (const choice of STORAGE_CHOICES) {
  test(`SPA, ${choice.label}: what an injected script reads, uses and replays, and what a forged cross-site request does`, async ({
    page,
    person,
    deviceA,
  }) => {
    await signInToSpa(page, person, deviceA, choice);
    const panel = new AttackerPanel(page);
    const { report, attackerWindow } = await panel.runInjectedScript();
    await attackerWindow.close();
    const theft = await attackerSays("/result");
    const readable = report.tokensReadableIn.length > 0;
    const usedPath = choice.value === "bff" ? "/api/bff/api/me" : "/me";
    const used = usedInPage(report, usedPath);
    expect(used).toBe(true);
    const firstReplay = theft.replays[0];
    const accessReplay = firstReplay?.accessToken ?? null;
    const refreshReplay = firstReplay?.refreshToken ?? null;
    const offDevice = accessReplay?.status === 200;
    expect(readable).toBe(offDevice);
    // The panel explains what the person sees next, for the app's default choice (never written) as for the others.
    if (choice.value === "local") await expect(panel.region).toContainText("Both tokens were readable.");
    // The panel shows the attacker's replay too, as the site fetched it from the attacker's site.
    await expect(panel.attackerResult()).toContainText(
      offDevice ? "the stolen access token at the API: yes (200" : "nothing to replay: no token left the browser.",
    );

    let forHowLong = "Only while the page running the injected script is open: nothing left the browser that works elsewhere.";
    if (offDevice) {
      // The real app refreshes next: its refresh token was already used by the attacker.
      await spaButton(page, "Refresh now").click();
      // What the real person sees: asked to sign in again.
      await expect(spaButton(page, "Sign in")).toBeEnabled();
      await expect(spaButton(page, "Sign out")).toBeDisabled();
      const after = await attackerSays("/replay");
      const last = after.replays.at(-1);
      expect(refreshReplay?.rotated).toBe(true);
      expect(last?.refreshToken?.status).toBe(400);
      const minutes = accessReplay.expiresAt ? Math.round((Date.parse(accessReplay.expiresAt) - Date.now()) / 60_000) : undefined;
      forHowLong =
        `The stolen access token kept working at the API (${last?.accessToken?.status ?? "?"} after the app's refresh), until it expires` +
        `${minutes === undefined ? "" : ` (about ${minutes} min more)`}; the stolen refresh token rotated (${refreshReplay?.status ?? "?"}) and held the live chain ` +
        `until the real app refreshed: the provider saw the reuse, ended the grant (the attacker's next refresh: ${last?.refreshToken?.error ?? last?.refreshToken?.status ?? "?"}), and the person was asked to sign in again.`;
    }

    await page.goto("/spa");
    const requests = await panel.runCsrfAttempts([SITE, API], SESSION_COOKIES);
    const reachedWithCredential = requests.some(
      (request) => request.status === 200 && (request.cookieSent || request.url.startsWith(API)),
    );
    expect(reachedWithCredential).toBe(false);
    await record({
      id: choice.value,
      kind: "spa-storage",
      label: choice.label,
      readableByInjectedScript: {
        value: readable,
        evidence: readable
          ? `the tokens were in ${report.tokensReadableIn.join(" and ")}`
          : `no token in localStorage, sessionStorage or document.cookie (${report.cookieNames.join(", ") || "no cookie"} readable)`,
      },
      usableByInjectedScript: {
        value: used,
        evidence: `GET ${usedPath} through the live page answered ${statusOf(report, usedPath)}`,
      },
      usableOffDevice: {
        value: offDevice,
        evidence: offDevice
          ? `the attacker's GET /me from outside the browser answered ${accessReplay.status}; its refresh answered ${refreshReplay?.status ?? "nothing"}`
          : "the attacker received no token to replay",
      },
      forHowLong,
      csrfWorks: { value: reachedWithCredential, evidence: describeRequests(requests) },
      whatStopsIt: defencesSeen(requests),
    });
  });
}

test("SPA, localStorage: revoking the app on the devices page ends the attacker's stolen refresh token at once", async ({
  page,
  person,
  deviceA,
}) => {
  await signInToSpa(page, person, deviceA, STORAGE_CHOICES[0]);
  const panel = new AttackerPanel(page);
  const { attackerWindow } = await panel.runInjectedScript();
  await attackerWindow.close();
  await expect(panel.attackerResult()).toContainText("(rotated: the attacker now holds the live chain)");

  // The person revokes the app in another tab, while the attacker holds the rotated chain.
  const devicesTab = await page.context().newPage();
  const devices = new DevicesPage(devicesTab);
  await devices.goto();
  await devices.revokeApp("Lab single-page app");
  await devicesTab.close();

  const replay = await panel.replayAgain();
  await expect(replay).toContainText("The stolen refresh token at the provider: no (400 invalid_grant: refused)");
  // The access token is a JWT the API checks by itself: it keeps working until it expires.
  await expect(replay).toContainText("the stolen access token at the API: yes (200");
  const last = (await attackerSays("/result")).replays.at(-1);
  expect(last?.refreshToken).toMatchObject({ status: 400, error: "invalid_grant", rotated: false });
});

test("/compare's 'What an attacker gets' shows the committed attack run, row by row", async ({ page }) => {
  const committed = attackResultsSchema.parse(JSON.parse(await readFile("bench/results/attacks.json", "utf8")));
  await page.goto("/compare");
  const section = page.getByRole("region", { name: "What an attacker gets" });
  await expect(section.getByText(`Measured ${committed.createdAt}`)).toBeVisible();
  for (const row of committed.rows) {
    const line = section.getByTestId(`attack-row-${row.id}`);
    await expect(line.getByRole("rowheader")).toContainText(row.label);
    const cells = line.getByRole("cell");
    for (const [index, cell] of [
      row.readableByInjectedScript,
      row.usableByInjectedScript,
      row.usableOffDevice,
      row.csrfWorks,
    ].entries())
      await expect(cells.nth(index)).toHaveText(`${cell.value ? "yes" : "no"}${cell.evidence}`);
    await expect(cells.nth(4)).toHaveText(row.forHowLong);
    await expect(cells.nth(5)).toHaveText(row.whatStopsIt);
  }
});
