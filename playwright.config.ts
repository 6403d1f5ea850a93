import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { CHECK_ON_PORT, PORT } from "./e2e/servers";

/** PLAYWRIGHT_CHROMIUM_EXECUTABLE, else Debian's Chromium, else Playwright's own browser. */
function chromiumExecutable(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE) return process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

export default defineConfig({
  testDir: "e2e",
  forbidOnly: !!process.env.CI,
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumExecutable(),
      // Root in CI needs --no-sandbox; the rest keeps Chromium off the (closed) network.
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    {
      command: `node_modules/.bin/tsx lib/launch/start.ts --port ${PORT} --data-dir .data/e2e --db-port 54349`,
      url: `http://localhost:${PORT}/api/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 240_000,
      stdout: "pipe",
      stderr: "pipe",
      env: { LAB_OUTBOX: "on", AUTH_JWT_REVOCATION_CHECK: "off" },
    },
    {
      command: `node_modules/.bin/tsx lib/launch/start.ts --port ${CHECK_ON_PORT} --data-dir .data/e2e-check --db-port 54350`,
      url: `http://localhost:${CHECK_ON_PORT}/api/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 240_000,
      stdout: "pipe",
      stderr: "pipe",
      env: { LAB_OUTBOX: "on", AUTH_JWT_REVOCATION_CHECK: "on" },
    },
  ],
});
