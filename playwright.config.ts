import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import {
  ACCESS_TOKEN_TTL_ON_CHECK_SERVER,
  apiPortOf,
  attackerPortOf,
  CHECK_ON_PORT,
  E2E_DB_PORT,
  HYBRID_TOKEN_TTL_ON_CHECK_SERVER,
  PORT,
} from "./e2e/servers";

/** PLAYWRIGHT_CHROMIUM_EXECUTABLE, else Debian's Chromium, else Playwright's own browser. */
function chromiumExecutable(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE) return process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

/** One production server of the app, through the same launcher as `npm start`, with its own database. */
function labServer(port: number, dataDir: string, dbPort: number, env: Record<string, string>) {
  return {
    command: `node_modules/.bin/tsx lib/launch/start.ts --port ${port} --data-dir ${dataDir} --db-port ${dbPort} --api-port ${apiPortOf(port)} --attacker-port ${attackerPortOf(port)}`,
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: { LAB_OUTBOX: "on", ...env },
  };
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
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, testIgnore: /fuzz\.spec\.ts/ },
    // After everything else, alone: its row counts before and after must see no other test's writes.
    { name: "fuzz", use: { ...devices["Desktop Chrome"] }, testMatch: /fuzz\.spec\.ts/, dependencies: ["chromium"] },
  ],
  webServer: [
    // No proxy in front: X-Forwarded-For from a client is ignored.
    labServer(PORT, ".data/e2e", E2E_DB_PORT, {
      AUTH_JWT_REVOCATION_CHECK: "off",
      AUTH_TRUSTED_PROXY_HOPS: "0",
      // Every test here comes from 127.0.0.1; the default per-client limits are tested on the other server.
      AUTH_RATE_LIMIT_PASSWORD_PER_CLIENT: "100000",
      AUTH_RATE_LIMIT_LINKS_PER_CLIENT: "100000",
      AUTH_RATE_LIMIT_SIGN_UPS_PER_CLIENT: "100000",
    }),
    labServer(CHECK_ON_PORT, ".data/e2e-check", E2E_DB_PORT + 1, {
      AUTH_JWT_REVOCATION_CHECK: "on",
      AUTH_HYBRID_TOKEN_TTL: `${HYBRID_TOKEN_TTL_ON_CHECK_SERVER}`,
      OIDC_ACCESS_TOKEN_TTL: `${ACCESS_TOKEN_TTL_ON_CHECK_SERVER}`,
      // As if behind one proxy on this machine: a test may name its client address in X-Forwarded-For.
      AUTH_TRUSTED_PROXY_HOPS: "1",
      AUTH_TRUSTED_PROXIES: "127.0.0.1,::1",
      // This one has no benchmark results, to show what /compare says then.
      LAB_BENCH_RESULTS: ".data/e2e-check/no-results.json",
    }),
  ],
});
