import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { benchRatios, benchResultsSchema, type BenchSeries } from "../lib/lab/bench-results";
import { clusterResultsSchema } from "../lib/lab/cluster-results";
import { attackResultsSchema } from "../lib/lab/attack-results";
import { storeProjection } from "../lib/lab/store-projection";
import { figure, seconds } from "../lib/lab/choose";
import { ChoosePage } from "./pages/choose-page";
import { SpaPage } from "./pages/spa-page";
import { signUpIn } from "./two-devices";
import { ACCESS_TOKEN_TTL_ON_CHECK_SERVER, CHECK_ON_PORT } from "./servers";
import { expect, test } from "./fixtures";

const bench = benchResultsSchema.parse(JSON.parse(readFileSync("bench/results/latest.json", "utf8")));
const cluster = clusterResultsSchema.parse(JSON.parse(readFileSync("bench/results/cluster.json", "utf8")));
const attacks = attackResultsSchema.parse(JSON.parse(readFileSync("bench/results/attacks.json", "utf8")));

const runOf = (series: BenchSeries) => {
  const run = bench.runs.find((candidate) => candidate.series === series);
  if (!run) throw new Error(`the committed run has no ${series} series`);
  return run;
};
const revocationWindow = (setup: "database" | "jwt" | "hybrid") => {
  const window = cluster.revocationWindows?.find((candidate) => candidate.setup === setup);
  if (window?.signedOutAfterSeconds == null) throw new Error(`the committed cluster check never saw ${setup} signed out`);
  return seconds(window.signedOutAfterSeconds);
};
const storeReadsPerCore = (series: BenchSeries) => {
  const row = storeProjection(bench.runs).find((candidate) => candidate.series === series);
  if (!row?.storeRpsPerCore) throw new Error(`the committed run has no store projection for ${series}`);
  return row.storeRpsPerCore;
};
const usableOffDevice = (id: string) => (attacks.rows.find((row) => row.id === id)?.usableOffDevice.value ? "yes" : "no");

test("browser pages that must revoke within a minute get a server session in PostgreSQL, with the lab's numbers", async ({
  page,
  context,
}) => {
  const choose = new ChoosePage(page);
  await choose.goto();
  await choose.answer({
    callers: ["Browser pages (server-rendered, same site)"],
    revocation: "Within a minute",
    instances: 3,
    sharedStore: "Yes, the database (PostgreSQL) only",
    peakRps: 600,
    outage: "Nothing: it may stop while the database is down",
  });

  await expect(choose.recommendation).toHaveText("The answer: Server session in PostgreSQL");
  await expect(choose.runnerUp).toContainText("Runner-up: Hybrid");
  await expect(choose.citation(revocationWindow("database"))).toHaveAttribute("href", "/compare#claim-revocation");
  await expect(choose.citation(`${runOf("database-lean").cookieBytes} bytes`)).toHaveAttribute("href", "/compare#bench-table");
  // The projection at this person's own rate: 600 req/s over 3 instances, against one PostgreSQL core's measured capacity.
  const perCore = storeReadsPerCore("database-lean");
  await expect(choose.citation(figure(perCore / 200))).toHaveAttribute("href", "/compare#store-projection-table");
  await expect(choose.citation(figure(600 / perCore, 2))).toBeVisible();

  // The shared URL carries the answers: a new page opened on it gives the same answer with the same form.
  const shared = await choose.shareUrl.inputValue();
  expect(new URL(shared).searchParams.get("peakRps")).toBe("600");
  const other = new ChoosePage(await context.newPage());
  await other.page.goto(shared);
  await expect(other.recommendation).toHaveText("The answer: Server session in PostgreSQL");
  await expect(other.page.getByLabel("Requests per second at peak")).toHaveValue("600");
  await expect(other.page.getByLabel("How many app instances serve requests?")).toHaveValue("3");
  await expect(other.page.getByRole("radio", { name: "Within a minute" })).toBeChecked();
});

test("a single-page app gets the backend-for-frontend, citing the attack table; the answer copies as Markdown", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const choose = new ChoosePage(page);
  await choose.goto();
  await choose.answer({
    callers: ["Browser pages (server-rendered, same site)", "A single-page app in the browser"],
    revocation: "Within a minute",
    instances: 2,
    sharedStore: "Yes, Redis",
    peakRps: 300,
    outage: "Signed-in people keep reading for a few minutes",
  });

  await expect(choose.recommendation).toContainText("Backend-for-frontend");
  await expect(choose.runnerUp).toContainText("OAuth access + refresh tokens");
  const why = page.getByRole("list", { name: "Why" });
  await expect(why.getByRole("listitem").first()).toContainText(`usable off-device ${usableOffDevice("local")}`);
  await expect(why.getByRole("listitem").nth(1)).toContainText(`usable off-device ${usableOffDevice("bff")}`);
  await expect(why.getByRole("link", { name: usableOffDevice("bff"), exact: true }).last()).toHaveAttribute(
    "href",
    "/compare#attack-bff",
  );

  await choose.copyAsMarkdown.click();
  await expect(page.getByRole("status").filter({ hasText: "Copied." })).toBeVisible();
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  expect(markdown).toContain("### Session handling: Backend-for-frontend");
  expect(markdown).toContain(`[${usableOffDevice("bff")}](${new URL(page.url()).origin}/compare#attack-bff)`);
  expect(markdown).toContain(`[these answers](${await choose.shareUrl.inputValue()})`);
});

test("phones and command-line tools that must revoke at once get OAuth tokens, with the API's measured costs", async ({
  page,
}) => {
  const oauth = bench.oauth;
  if (!oauth) throw new Error("the committed run has no OAuth measurements");
  const choose = new ChoosePage(page);
  await choose.goto();
  await choose.answer({
    callers: ["Phone apps", "Command-line tools"],
    revocation: "At once, on the next request",
    instances: 4,
    sharedStore: "Yes, Redis",
    peakRps: 8000,
    outage: "Nothing: it may stop while the database is down",
  });

  await expect(choose.recommendation).toHaveText("The answer: OAuth access + refresh tokens, verified with public keys");
  await expect(choose.runnerUp).toHaveText("Runner-up: Server session in Redis");
  await expect(choose.citation(`${figure(oauth.accessTokenVerify.p50Us)} µs`)).toHaveAttribute("href", "/compare#api-claim-work");
  // The introspecting API's share of its no-token throughput, as /compare's bench table computes it from the same file.
  const introspected = benchRatios(bench.runs).bySeries["api-introspect"]?.vsBaseline;
  if (introspected == null) throw new Error("the committed run has no introspecting API series");
  await expect(choose.citation(`${introspected.toFixed(2)}×`)).toBeVisible();
  await expect(choose.citation(usableOffDevice("local"))).toHaveAttribute("href", "/compare#attack-local");
});

test("bad answers in the address fall back to the defaults, and the page passes the axe check", async ({ page }) => {
  const choose = new ChoosePage(page);
  const response = await page.goto("/choose?callers=robots&revocation=never&instances=-1&peakRps=lots&sharedStore=&outage=%00");
  expect(response?.status()).toBe(200);
  await expect(choose.recommendation).toHaveText("The answer: Server session in PostgreSQL");
  await expect(page.getByRole("checkbox", { name: "Browser pages (server-rendered, same site)" })).toBeChecked();
  await expect(page.getByLabel("Requests per second at peak")).toHaveValue("500");

  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
});

test("the home page states the lab's answer with the committed numbers and links to /choose", async ({ page }) => {
  await page.goto("/");
  const answer = page.getByRole("region", { name: "The lab's answer" });
  await expect(answer.getByRole("link", { name: revocationWindow("database"), exact: true })).toHaveAttribute(
    "href",
    "/compare#claim-revocation",
  );
  await expect(answer.getByRole("link", { name: `${runOf("jwt-lean").cookieBytes} bytes`, exact: true })).toBeVisible();
  await answer.getByRole("link", { name: /Which should I use\?/ }).click();
  await expect(page).toHaveURL(/\/choose$/);
});

test("signed in, Try it opens Settings with the recommended mode checked, and nothing changes until the switch", async ({
  deviceA,
  person,
  page,
}) => {
  await signUpIn("database", person, deviceA);
  const choose = new ChoosePage(page);
  await choose.goto();
  await choose.answer({
    callers: ["Browser pages (server-rendered, same site)"],
    revocation: /^Within the access-token lifetime/,
    instances: 2,
    sharedStore: "Yes, the database (PostgreSQL) only",
    peakRps: 100,
    outage: "Signed-in people keep reading for the whole outage",
  });
  await expect(choose.recommendation).toHaveText("The answer: Token cookie (JWT)");
  await choose.tryIt.click();

  await expect(page).toHaveURL(/\/settings\?mode=jwt$/);
  await expect(page.getByRole("radio", { name: /^Token \(JWT\)/ })).toBeChecked();
  await deviceA.header.expectSetup("database");
  await page.getByRole("button", { name: "Switch mode" }).click();
  await expect(page.getByRole("status")).toContainText("Switched to Token (JWT).");
  await deviceA.header.expectSetup("jwt");
});

test("signed out there is no Try it; /spa?storage= picks the storage once and leaves the address", async ({ page }) => {
  const choose = new ChoosePage(page);
  await choose.goto("callers=spa");
  await expect(choose.tryIt).toHaveCount(0);
  await expect(page.getByRole("main").getByRole("link", { name: "Sign in", exact: true })).toBeVisible();

  const spa = new SpaPage(page);
  await page.goto("/spa?storage=session");
  await expect(spa.storageChoice().getByRole("radio", { name: "sessionStorage", exact: true })).toBeChecked();
  await expect(page.getByRole("status").filter({ hasText: "Now keeping tokens in sessionStorage." })).toBeVisible();
  await expect(page).toHaveURL(/\/spa$/);
});

test.describe("without benchmark results", () => {
  test.use({ baseURL: `http://localhost:${CHECK_ON_PORT}` });

  test("/choose still answers, says which file is missing instead of citing, and cites this server's own lifetimes", async ({
    page,
  }) => {
    const choose = new ChoosePage(page);
    await choose.goto("callers=pages&revocation=token-lifetime");
    await expect(choose.recommendation).toHaveText("The answer: Token cookie (JWT)");
    await expect(page.getByRole("list", { name: "Why" })).toContainText(
      "not measured: .data/e2e-check/no-results.json is missing",
    );
    await expect(page.getByRole("list", { name: "Where the numbers come from" })).toContainText(
      "Make it with npm run bench -- --out .data/e2e-check/no-results.json",
    );
    // The cluster check is still committed: its window is cited even without a benchmark run.
    await expect(choose.citation(/^still signed in/)).toHaveAttribute("href", "/compare#claim-revocation");
    await expect(
      page.getByRole("radio", {
        name: `Within the access-token lifetime (this server: ${ACCESS_TOKEN_TTL_ON_CHECK_SERVER} seconds)`,
      }),
    ).toBeChecked();
  });
});
