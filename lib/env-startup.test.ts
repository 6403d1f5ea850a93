import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { SERVE_ARGS } from "@/lib/launch/next-server";

/** Starts the production server with `env` and collects what it prints until it exits. */
function startProductionServer(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...SERVE_ARGS, "--port", "0"], {
      env: { PATH: process.env.PATH, ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("production start-up", () => {
  it("stops with a one-line explanation when AUTH_SECRET is missing", async () => {
    const { code, output } = await startProductionServer({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://user:pass@127.0.0.1:9/db",
      AUTH_URL: "http://localhost:3000",
    });
    expect(code).toBe(1);
    const line = output.split("\n").find((text) => text.includes("Invalid environment"));
    expect(line).toBe(
      "[lab] Invalid environment. AUTH_SECRET: AUTH_SECRET is not set: generate one with `openssl rand -base64 33`",
    );
  });

  it("stops with a clear line when REDIS_URL reaches another host over plain redis://, naming the override", async () => {
    const { code, output } = await startProductionServer({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://user:pass@127.0.0.1:9/db",
      AUTH_URL: "http://localhost:3000",
      AUTH_SECRET: "a-secret-that-is-long-enough-for-the-startup-test",
      REDIS_URL: "redis://:hunter2-redis-password@redis.internal.example:6379",
    });
    expect(code).toBe(1);
    const line = output.split("\n").find((text) => text.includes("Invalid environment"));
    expect(line).toBe(
      "[lab] Invalid environment. REDIS_URL: REDIS_URL reaches redis.internal.example:6379 over plain redis://, so sessions and the Redis password would cross the network unencrypted: use rediss:// (TLS), or set REDIS_ALLOW_PLAINTEXT=1 if that network is private",
    );
    expect(output).not.toContain("hunter2-redis-password");
  });
});
