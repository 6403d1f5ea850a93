import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DATA_DIR = ".data/e2e";

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
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, testIgnore: "serial/**" },
    // Specs that flip server-wide switches run alone, once everything else has finished.
    { name: "serial", use: { ...devices["Desktop Chrome"] }, testMatch: "serial/**/*.spec.ts", dependencies: ["chromium"] },
  ],
  webServer: {
    command: `node_modules/.bin/tsx lib/launch/start.ts --port ${PORT} --data-dir ${E2E_DATA_DIR} --db-port 54349`,
    url: `http://localhost:${PORT}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { LAB_OUTBOX: "on" },
  },
});
