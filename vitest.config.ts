import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "lib/testing/empty-module.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "bench/**/*.test.ts", "api/**/*.test.ts", "cli/**/*.test.ts", "attacker/**/*.test.ts"],
    environment: "node",
    globalSetup: ["lib/launch/vitest-global-setup.ts"],
    // next-auth's entry imports "next/server" without an extension, which only a bundler resolves.
    server: { deps: { inline: ["next-auth"] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
