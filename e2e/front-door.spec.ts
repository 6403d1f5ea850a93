import { request as httpRequest } from "node:http";
import { CHECK_ON_PORT, PORT } from "./servers";
import { deviceOf, expect, test, type Person } from "./fixtures";
import { signUpIn } from "./two-devices";
import { watchCspViolations } from "./csp-watch";

/** A raw request, so that the Host and framing headers are exactly ours. */
function rawRequest(options: { path: string; method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = httpRequest(
      { host: "127.0.0.1", port: PORT, method: options.method ?? "GET", path: options.path, headers: options.headers },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

test.describe("security headers", () => {
  for (const path of ["/", "/signin", "/compare", "/api/health", "/api/me", "/api/auth/session", "/no-such-page"]) {
    test(`${path} carries the CSP and the other security headers`, async ({ request }) => {
      const response = await request.get(path, { maxRedirects: 0 });
      const headers = response.headers();
      expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["content-security-policy"]).not.toContain("unsafe-inline");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("same-origin");
      expect(headers["permissions-policy"]).toContain("camera=()");
      // AUTH_URL is http here; HSTS only goes out over https.
      expect(headers["strict-transport-security"]).toBeUndefined();
    });
  }

  test("each page gets its own nonce, and its scripts carry it", async ({ request }) => {
    const nonceOf = (policy: string | undefined) => /'nonce-([^']+)'/.exec(policy ?? "")?.[1];
    const first = await request.get("/signin");
    const second = await request.get("/signin");
    const nonce = nonceOf(first.headers()["content-security-policy"]);
    expect(nonce).toBeTruthy();
    expect(nonceOf(second.headers()["content-security-policy"])).not.toBe(nonce);
    const scriptNonces = [...(await first.text()).matchAll(/<script[^>]* nonce="([^"]+)"/g)].map((match) => match[1]);
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  });

  test("a client's own policy header cannot choose the nonce", async ({ request }) => {
    const response = await request.get("/signin", {
      headers: { "content-security-policy": "script-src 'nonce-chosenbyclient'" },
    });
    expect(await response.text()).not.toContain("chosenbyclient");
  });

  test("another site cannot frame a signed-in page", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = watchCspViolations(page);
    await page.goto("/api/health");
    // An attacker's page (here a data: document, another origin) framing the devices page.
    await page.setContent(`<iframe title="framed" src="http://localhost:${PORT}/sessions"></iframe>`);
    await expect.poll(() => violations.join("\n")).toContain("frame-ancestors 'none'");
    await expect(page.frameLocator("iframe").getByRole("heading")).toHaveCount(0);
    await context.close();
  });
});

test.describe("the Host header", () => {
  test("a DNS-rebinding Host gets 421, and nothing is served or written", async ({ db }) => {
    const outboxBefore = await db.count("OutboxMessage");
    for (const path of ["/dev/outbox", "/api/auth/csrf", "/signin", "/api/health"]) {
      const response = await rawRequest({ path, headers: { host: `rebind.evil.example:${PORT}` } });
      expect(response.status).toBe(421);
      expect(response.body).toBe(`This server answers only for http://localhost:${PORT}.\n`);
    }
    expect(await db.count("OutboxMessage")).toBe(outboxBefore);
  });

  test("the site's own host and the loopback literals on its port are served", async () => {
    for (const host of [`localhost:${PORT}`, `127.0.0.1:${PORT}`, `[::1]:${PORT}`]) {
      expect((await rawRequest({ path: "/api/health", headers: { host } })).status).toBe(200);
    }
    expect((await rawRequest({ path: "/api/health", headers: { host: "localhost:1" } })).status).toBe(421);
  });
});

test.describe("request framing", () => {
  test("a body over 256 KiB is refused with 413 before Next reads it", async () => {
    const body = "a".repeat(1024 * 1024 + 10);
    const response = await rawRequest({
      path: "/signup",
      method: "POST",
      headers: {
        host: `localhost:${PORT}`,
        "content-type": "text/plain",
        "next-action": "00",
        "content-length": String(body.length),
      },
      body,
    });
    expect(response.status).toBe(413);
  });

  test("a Server Action call in JSON is refused with 415", async ({ request }) => {
    const response = await request.post("/signup", {
      headers: { "next-action": "00", "content-type": "application/json" },
      data: "{}",
    });
    expect(response.status()).toBe(415);
  });

  test("a GET with a body is refused with 400", async () => {
    const response = await rawRequest({
      path: "/api/health",
      headers: { host: `localhost:${PORT}`, "content-type": "text/plain", "content-length": "5" },
      body: "hello",
    });
    expect(response).toEqual({ status: 400, body: "A GET request carries no body.\n" });
  });

  test("a sign-in post that names no Origin is refused with 403; the browser's own forms are not", async ({ page }) => {
    const response = await rawRequest({
      path: "/api/auth/callback/credentials",
      method: "POST",
      headers: { host: `localhost:${PORT}`, "content-type": "application/x-www-form-urlencoded", "content-length": "3" },
      body: "a=1",
    });
    expect(response).toEqual({
      status: 403,
      body: "A sign-in or session request must come from this site's own pages: send its Origin header.\n",
    });
    // Chromium's own form post carries the Origin: Auth.js answers it (an unknown account, not a refusal).
    await page.goto("/signin");
    const form = page.getByRole("form", { name: "Email and password" });
    await form.getByLabel("Email").fill(`nobody-${crypto.randomUUID()}@example.com`);
    await form.getByLabel("Password").fill("not the password 1");
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(
      "That email and password do not match an account. Check both and try again.",
    );
  });

  test("a chunked body without a length is refused with 411", async () => {
    const response = await rawRequest({
      path: "/signup",
      method: "POST",
      headers: { host: `localhost:${PORT}`, "transfer-encoding": "chunked", "content-type": "text/plain" },
      body: "[]",
    });
    expect(response.status).toBe(411);
  });
});

test.describe("the outbox, for this machine only", () => {
  test("behind a trusted proxy, a client elsewhere gets 404 and no outbox notice; this machine gets both", async ({
    playwright,
  }) => {
    const as = (address: string) =>
      playwright.request.newContext({
        baseURL: `http://localhost:${CHECK_ON_PORT}`,
        extraHTTPHeaders: { "x-forwarded-for": address, "x-lab-loopback-client": "1" },
      });
    const [remote, local] = [await as("203.0.113.7"), await as("127.0.0.1")];
    const remoteOutbox = await remote.get("/dev/outbox");
    expect(remoteOutbox.status()).toBe(404);
    expect(await remoteOutbox.text()).toBe("Not found.\n");
    expect(await (await remote.get("/signin/check-email")).text()).not.toContain("development outbox");
    expect((await local.get("/dev/outbox")).status()).toBe(200);
    expect(await (await local.get("/signin/check-email")).text()).toContain("development outbox");
    await Promise.all([remote.dispose(), local.dispose()]);
  });
});

test.describe("the client's address", () => {
  // A new address per run (from the benchmarking range), so runs do not share sign-up limits.
  const spoofed = `198.18.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;

  async function signUpWithForwardedFor(browser: import("@playwright/test").Browser, baseURL: string, person: Person) {
    const context = await browser.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": spoofed } });
    const device = deviceOf(await context.newPage());
    await signUpIn("database", person, device);
    await device.devices.goto();
    return { context, device };
  }

  test("with no trusted proxy, X-Forwarded-For is ignored: the device shows the real peer", async ({ browser, person }) => {
    const { context, device } = await signUpWithForwardedFor(browser, `http://localhost:${PORT}`, person);
    const row = device.devices.rows("session");
    await expect(row).toContainText(/127\.0\.0\.1|::1/);
    await expect(row).not.toContainText(spoofed);
    await context.close();
  });

  test("behind one trusted proxy, the address that proxy reports is used", async ({ browser, person }) => {
    const { context, device } = await signUpWithForwardedFor(browser, `http://localhost:${CHECK_ON_PORT}`, person);
    await expect(device.devices.rows("session")).toContainText(spoofed);
    await context.close();
  });
});
