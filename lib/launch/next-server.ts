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
  /** The API's public key (lib/launch/api-client-key.ts): the provider registers `lab-api` with it, for introspection. */
  apiClientJwksFile?: string;
  /** The demonstration attacker's site (attacker/), which the /spa pages link to. */
  attackerUrl?: string;
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
    ...(options.apiClientJwksFile
      ? { OIDC_API_CLIENT_JWKS_FILE: process.env.OIDC_API_CLIENT_JWKS_FILE ?? options.apiClientJwksFile }
      : {}),
    // The site and the API must agree: introspection needs the provider's reference tokens, local checks its JWTs.
    API_TOKEN_CHECK: process.env.API_TOKEN_CHECK ?? "local",
    ...(options.attackerUrl ? { LAB_ATTACKER_URL: process.env.LAB_ATTACKER_URL ?? options.attackerUrl } : {}),
    // A local run without SMTP delivers magic links to the outbox page; real deployments set neither.
    LAB_OUTBOX: process.env.LAB_OUTBOX ?? (process.env.EMAIL_SERVER ? "off" : "on"),
  };
}

/**
 * Starts the API service (api/) on `port`, trusting tokens from the site's provider (`siteEnv`'s AUTH_URL) for the
 * site's API resource. Its environment is its own, not the site's: no DATABASE_URL, no AUTH_SECRET.
 */
export function spawnApiService(options: {
  port: number;
  hostname: string;
  siteEnv: NodeJS.ProcessEnv;
  /** The API's private key for private_key_jwt, used when it introspects. */
  clientKeyFile: string;
  label?: string;
}): ChildProcess {
  const siteUrl = new URL(options.siteEnv.AUTH_URL ?? "http://localhost:3000");
  // The API's own settings a person may set (API_JWKS_COOLDOWN_SECONDS, API_CLOCK_TOLERANCE_SECONDS, ...) pass through.
  const apiSettings = Object.fromEntries(Object.entries(options.siteEnv).filter(([name]) => name.startsWith("API_")));
  return spawnLabelled(process.execPath, ["--import", "tsx", "api/main.ts"], options.label, {
    PATH: process.env.PATH,
    NODE_ENV: options.siteEnv.NODE_ENV,
    ...apiSettings,
    API_PORT: String(options.port),
    API_HOSTNAME: options.hostname,
    OIDC_ISSUER: `${siteUrl.origin}/oidc`,
    API_AUDIENCE: options.siteEnv.OIDC_API_RESOURCE,
    // The site's single-page app (/spa) calls the API from the browser: its origin, and only it, may (CORS).
    API_ALLOWED_ORIGINS: options.siteEnv.API_ALLOWED_ORIGINS ?? siteUrl.origin,
    API_TOKEN_CHECK: options.siteEnv.API_TOKEN_CHECK,
    API_CLIENT_KEY_FILE: options.clientKeyFile,
  });
}

/**
 * Starts the demonstration attacker's site (attacker/) on 127.0.0.1:`port`: another site than the lab's, which
 * attacks `siteEnv`'s site and API. Its environment names their public URLs and nothing else.
 */
export function spawnAttackerSite(options: { port: number; siteEnv: NodeJS.ProcessEnv; label?: string }): ChildProcess {
  return spawnLabelled(process.execPath, ["--import", "tsx", "attacker/main.ts"], options.label, {
    PATH: process.env.PATH,
    NODE_ENV: options.siteEnv.NODE_ENV,
    ATTACKER_PORT: String(options.port),
    ATTACKER_SITE_ORIGIN: new URL(options.siteEnv.AUTH_URL ?? "http://localhost:3000").origin,
    ATTACKER_API_URL: options.siteEnv.OIDC_API_RESOURCE,
  });
}

/** Node's arguments that run the site's server (lib/server/serve.ts) with the loader its server-only modules need. */
export const SERVE_ARGS = ["--import", "tsx", "--import", "./lib/launch/server-code-outside-next.mjs", "lib/server/serve.ts"];

/** Starts the site's server (lib/server/serve.ts: Next behind the front door) on `port`; `label` prefixes its output. */
export function spawnNextServer(options: {
  dev: boolean;
  port: number;
  hostname: string;
  env: NodeJS.ProcessEnv;
  label?: string;
}): ChildProcess {
  const args = [...SERVE_ARGS, "--port", String(options.port), "--hostname", options.hostname];
  if (options.dev) args.push("--dev");
  return spawnLabelled(process.execPath, args, options.label, options.env);
}

/** Spawns a child whose output goes to ours, each line prefixed with `[label]` when there is one. */
function spawnLabelled(command: string, args: string[], label: string | undefined, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { stdio: label ? ["ignore", "pipe", "pipe"] : "inherit", env });
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
