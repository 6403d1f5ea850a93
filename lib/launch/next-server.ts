import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";

/** The environment a production (or development) server of this app needs, from the launcher's own. */
export function appEnvironment(options: {
  dev: boolean;
  databaseUrl: string;
  /** The Redis session store's URL, when one runs; without it the Redis store is unavailable. */
  redisUrl?: string;
  secret: string;
  publicUrl: string;
  instanceName: string;
  /** Where the site keeps its files: the OpenID provider's signing keys live here. */
  dataDir: string;
  /** The API service's URL: the resource (and audience) of the access tokens the provider issues. */
  apiResource?: string;
}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: options.dev ? "development" : "production",
    DATABASE_URL: options.databaseUrl,
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    AUTH_SECRET: options.secret,
    AUTH_URL: process.env.AUTH_URL ?? options.publicUrl,
    LAB_INSTANCE_NAME: options.instanceName,
    OIDC_API_RESOURCE: process.env.OIDC_API_RESOURCE ?? options.apiResource ?? "http://localhost:3100",
    OIDC_SIGNING_KEYS_FILE: process.env.OIDC_SIGNING_KEYS_FILE ?? path.join(options.dataDir, "oidc-signing-keys.json"),
    // A local run without SMTP delivers magic links to the outbox page; real deployments set neither.
    LAB_OUTBOX: process.env.LAB_OUTBOX ?? (process.env.EMAIL_SERVER ? "off" : "on"),
  };
}

/** Starts the API service (api/) on `port`, trusting tokens from the site's provider for the site's API resource. */
export function spawnApiService(options: { port: number; hostname: string; env: NodeJS.ProcessEnv }): ChildProcess {
  const siteUrl = new URL(options.env.AUTH_URL ?? "http://localhost:3000");
  return spawn(process.execPath, ["--import", "tsx", "api/main.ts"], {
    stdio: "inherit",
    env: {
      ...options.env,
      API_PORT: String(options.port),
      API_HOSTNAME: options.hostname,
      OIDC_ISSUER: `${siteUrl.origin}/oidc`,
      API_AUDIENCE: options.env.OIDC_API_RESOURCE,
    },
  });
}

/** Starts the site's server (lib/server/serve.ts: Next behind the front door) on `port`; `label` prefixes its output. */
export function spawnNextServer(options: {
  dev: boolean;
  port: number;
  hostname: string;
  env: NodeJS.ProcessEnv;
  label?: string;
}): ChildProcess {
  const args = ["--import", "tsx", "--import", "./lib/launch/server-code-outside-next.mjs", "lib/server/serve.ts", "--port", String(options.port), "--hostname", options.hostname];
  if (options.dev) args.push("--dev");
  const child = spawn(process.execPath, args, {
    stdio: options.label ? ["ignore", "pipe", "pipe"] : "inherit",
    env: options.env,
  });
  const { label } = options;
  if (label) {
    const prefix = (chunk: Buffer) =>
      chunk
        .toString("utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => `[${label}] ${line}\n`)
        .join("");
    child.stdout?.on("data", (chunk: Buffer) => process.stdout.write(prefix(chunk)));
    child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  }
  return child;
}

/** Waits until `url` answers 200, or the process exits, or `timeoutMs` passes. */
export async function waitForHealthy(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${url}: its process exited (${child.signalCode ?? `code ${String(child.exitCode)}`}) before it was ready`);
    }
    if (
      await fetch(url).then(
        (response) => response.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} was not ready within ${timeoutMs / 1000} s`);
}

/** Asks a child to stop and waits for it; SIGKILL after `graceMs`. */
export function stopProcess(
  child: ChildProcess | undefined,
  signal: NodeJS.Signals = "SIGTERM",
  graceMs = 10_000,
): Promise<void> {
  if (child?.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}
