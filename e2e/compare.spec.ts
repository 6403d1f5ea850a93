import { readFileSync } from "node:fs";
import { benchResultsSchema, SERIES_LABELS } from "../lib/lab/bench-results";
import { seriesEstimates } from "../lib/lab/bench-rounds";
import { benchTargets, describeTarget } from "../lib/lab/bench-targets";
import { signUpIn } from "./two-devices";
import { ACCESS_TOKEN_TTL_ON_CHECK_SERVER, CHECK_ON_PORT } from "./servers";
import { expect, SESSION_COOKIE, sessionCookieValue, test } from "./fixtures";

const HYBRID_TOKEN_COOKIE = "lab-hybrid-token";

const results = benchResultsSchema.parse(JSON.parse(readFileSync("bench/results/latest.json", "utf8")));

for (const mode of ["database", "jwt"] as const) {
  test(`/compare shows this browser's real cookie and mode, signed in with ${mode}`, async ({
    deviceA,
    context,
    person,
    comparePage,
  }) => {
    await signUpIn(mode, person, deviceA);

    const cookie = (await sessionCookieValue(context))!;
    const cookieBytes = Buffer.byteLength(`${SESSION_COOKIE}=${cookie}`);
    await comparePage.goto();

    const live = comparePage.cell("browser", mode);
    await expect(live).toContainText(`${cookieBytes} bytes, ${mode === "jwt" ? "a JWE" : "an opaque token"}`);
    await expect(live).toContainText(`This browser's real ${SESSION_COOKIE} cookie`);
    await expect(live).toContainText(cookie.slice(0, 8));
    await expect(comparePage.cell("work", mode)).toContainText(mode === "database" ? "1 query" : "0 queries");
    await expect(comparePage.cell("work", mode)).toContainText("This request's whole session read");
    await expect(comparePage.cell("state", "database")).toContainText(/\d+ live rows? in "Session"/);
    await expect(comparePage.cell("revocation", "jwt")).toContainText(
      mode === "jwt" ? /Valid until \d{4}-/ : "Valid until it expires",
    );
  });
}

test("/compare highlights the hybrid column and shows both of this browser's cookies, signed in with hybrid", async ({
  deviceA,
  context,
  person,
  comparePage,
  page,
}) => {
  // The radio "Hybrid (token + PostgreSQL session)" in Settings.
  await signUpIn("hybrid", person, deviceA);
  // Pages cannot set cookies: the first JSON read issues the short-lived token, as the open page's renewal does.
  expect((await page.request.get("/api/me")).status()).toBe(200);
  const session = (await sessionCookieValue(context))!;
  const token = (await context.cookies()).find((cookie) => cookie.name === HYBRID_TOKEN_COOKIE);
  expect(token?.value.split(".")).toHaveLength(5);
  const sessionBytes = Buffer.byteLength(`${SESSION_COOKIE}=${session}`);
  const tokenBytes = Buffer.byteLength(`${HYBRID_TOKEN_COOKIE}=${token!.value}`);

  await comparePage.goto();
  await expect(comparePage.columnHeader("hybrid")).toContainText("this browser");
  await expect(comparePage.columnHeader("database")).not.toContainText("this browser");
  const browser = comparePage.cell("browser", "hybrid");
  await expect(browser).toHaveAttribute("data-current", "true");
  await expect(comparePage.cell("browser", "database")).not.toHaveAttribute("data-current", "true");
  await expect(browser).toContainText(
    `${sessionBytes + 2 + tokenBytes} bytes: session cookie ${sessionBytes} + token ${tokenBytes}`,
  );
  await expect(browser).toContainText(`This browser's real ${SESSION_COOKIE} cookie`);
  await expect(browser).toContainText(token!.value.slice(0, 8));
  // The page's read came with the token it was issued: no store read.
  await expect(comparePage.cell("work", "hybrid")).toContainText(/ µs · 0 queries/);
  await expect(comparePage.cell("work", "hybrid")).toContainText("a valid token answered it: no store read");
  await expect(comparePage.cell("revocation", "hybrid")).toContainText(/Signed out within [\d a-z]+ \(plus clock skew\)/);
  await expect(comparePage.cell("state", "hybrid")).toContainText(
    /The session in PostgreSQL \+ a token in the browser \([\d a-z]+ at a time\)/,
  );
  // The other modes' columns still show values made for this person just now.
  await expect(comparePage.cell("browser", "jwt")).toContainText("What your cookie would weigh in this mode");
});

test("/compare splits one read into its stages, in each mode on each read path (the hybrid on the lean one), measured live", async ({
  comparePage,
  page,
}) => {
  await comparePage.goto();
  const stages = comparePage.readStages;
  await expect(stages).toBeVisible();
  for (const bar of [
    "Token (JWT), Auth.js read",
    "Token (JWT), Lean read",
    "Server session (database), Auth.js read",
    "Server session (database), Lean read",
    "Hybrid (short-lived token in front of a server session), Lean read",
  ]) {
    await expect(stages).toHaveAccessibleName(new RegExp(`${bar.replace(/[()]/g, "\\$&")}: [\\d,]+ µs, of which`));
  }
  // Auth.js derives keys and re-encrypts on every read; the lean read does neither on an everyday read.
  const section = page.getByRole("region", { name: "Where one read's time goes" });
  await section.getByText("Stage timings as a table").click();
  const table = section.getByRole("table");
  await expect(
    table.getByRole("row").filter({ hasText: "Token (JWT), Auth.js read" }).filter({ hasText: "re-encrypt" }),
  ).toHaveCount(1);
  await expect(
    table.getByRole("row").filter({ hasText: "Token (JWT), Lean read" }).filter({ hasText: "Re-encrypt" }),
  ).toHaveCount(0);
});

test("/compare renders the benchmark charts from the committed results", async ({ comparePage, page }) => {
  await comparePage.goto();
  const throughput = comparePage.chart(/Throughput per mode/);
  await expect(throughput).toBeVisible();
  for (const run of results.runs.filter((candidate) => !candidate.series.startsWith("api-"))) {
    await expect(throughput).toHaveAccessibleName(new RegExp(run.rps.toFixed(0)));
  }
  // The API service's series have a chart of their own, each against the same process without a token.
  const api = comparePage.chart(/API service throughput/);
  for (const run of results.runs.filter((candidate) => candidate.series.startsWith("api-"))) {
    await expect(api).toHaveAccessibleName(new RegExp(`${run.rps.toFixed(0)} \\(`));
  }
  expect(results.runs.filter((run) => run.series.startsWith("api-"))).toHaveLength(4);
  await expect(comparePage.chart(/Latency percentiles per mode/)).toBeVisible();
  await expect(comparePage.chart(/Session lookup latency against table size/)).toBeVisible();
  await expect(page.getByTestId("bench-table").getByRole("row")).toHaveCount(results.runs.length + 1);
  // The hybrid series' store reads, counted over the run, in the table and in words with the token lifetime it ran with.
  const hybrid = results.runs.find((run) => run.series === "hybrid-lean");
  expect(hybrid?.storeReads).toBeGreaterThan(0);
  await expect(page.getByTestId("bench-hybrid-store-reads")).toContainText(
    `AUTH_HYBRID_TOKEN_TTL=${String(results.settings.hybridTokenTtlSeconds)}`,
  );
  await expect(page.getByTestId("bench-hybrid-store-reads")).toContainText(
    `${hybrid!.storeReads!.toLocaleString("en")} store reads in ${hybrid!.requests.toLocaleString("en")} requests`,
  );
  await expect(comparePage.cell("store-reads", "hybrid")).toContainText(/per request, [\d.]+ per connection per token lifetime/);
});

test("/compare shows each series' per-round medians with their intervals, and the targets met or missed, from the committed results", async ({
  comparePage,
  page,
}) => {
  await comparePage.goto();
  const estimates = seriesEstimates(results);
  const rounds = comparePage.benchTable(/^Per series, the median over/);
  // A file made before rounds were kept still renders, saying it has no intervals.
  await expect(rounds.or(page.getByTestId("bench-rounds-missing"))).toBeVisible();
  await expect(rounds.getByRole("row")).toHaveCount(estimates.length === 0 ? 0 : estimates.length + 1);
  for (const row of estimates) {
    const cells = rounds
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: SERIES_LABELS[row.series], exact: true }) });
    if (row.vsBaseline)
      await expect(cells).toContainText(`${row.vsBaseline.median.toFixed(2)}× [${row.vsBaseline.low.toFixed(2)}×`);
    // Ratios and differences only: an absolute CPU figure near 0 µs is not called "indistinguishable".
    await expect(cells.getByText("indistinguishable")).toHaveCount(
      [row.vsBaseline, row.vsNoVerify, row.addedAppUs].filter((estimate) => estimate?.indistinguishable).length,
    );
  }
  const targets = benchTargets(results);
  const table = comparePage.benchTable(/^The targets this lab holds itself to/);
  await expect(table.getByRole("row")).toHaveCount(targets.length + 1);
  for (const [index, row] of targets.entries()) {
    const { target, value, verdict } = describeTarget(row);
    const cells = table.getByRole("row").nth(index + 1);
    await expect(cells.getByRole("rowheader")).toHaveText(SERIES_LABELS[row.series]);
    await expect(cells.getByRole("cell")).toHaveText([row.measure, target, value, verdict]);
  }
});

test("/compare's table for API tokens shows the committed token sizes and verification time, and this server's lifetimes", async ({
  comparePage,
  page,
}) => {
  await comparePage.goto();
  await expect(page.getByRole("heading", { name: "Access token + refresh token (API)" })).toBeVisible();
  const oauth = results.oauth;
  expect(oauth).toBeDefined();
  await expect(comparePage.apiCell("client")).toContainText(
    `access ${oauth!.tokenBytes.access} B, refresh ${oauth!.tokenBytes.refresh} B`,
  );
  await expect(comparePage.apiCell("work")).toContainText(
    `${Math.round(oauth!.accessTokenVerify.p50Us).toLocaleString("en")} µs to verify`,
  );
  // The defaults of the server under test: 5-minute access tokens, 7-day idle and 30-day absolute refresh tokens.
  await expect(comparePage.apiCell("revocation")).toContainText("refresh: at once; access: up to 5 minutes");
  await expect(comparePage.apiCell("expiry")).toContainText("refresh 7 days idle, 30 days at most");
});

test.describe("without benchmark results", () => {
  test.use({ baseURL: `http://localhost:${CHECK_ON_PORT}` });

  test("/compare still renders its live rows and says how to make results", async ({ page, comparePage }) => {
    await comparePage.goto();
    await expect(page.getByTestId("row-state")).toBeVisible();
    await expect(page.getByRole("note")).toContainText("No benchmark results yet");
    await expect(page.getByRole("note")).toContainText("npm run bench -- --out bench/results/latest.json");
    await expect(comparePage.chart(/Throughput per mode/)).toHaveCount(0);
    await expect(comparePage.apiCell("client")).toContainText("not measured yet");
    // This server issues 10-second access tokens: the window the API table states is its own.
    await expect(comparePage.apiCell("revocation")).toContainText(`access: up to ${ACCESS_TOKEN_TTL_ON_CHECK_SERVER} seconds`);
  });
});
