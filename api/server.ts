import { readFile } from "node:fs/promises";
import { serve } from "@hono/node-server";
import { importJWK } from "jose";
import { z } from "zod";
import { accessTokenVerifier, type AccessTokenVerifier } from "@/api/access-token";
import { createApiApp } from "@/api/app";
import { introspectionVerifier } from "@/api/introspection";

/** The API's settings: where the provider publishes its keys, which audience its tokens must name, and how it checks them. */
const apiEnvSchema = z
  .object({
    API_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
    API_HOSTNAME: z.string().default("localhost"),
    OIDC_ISSUER: z.url().default("http://localhost:3000/oidc"),
    API_AUDIENCE: z.url().default("http://localhost:3100"),
    // The origins whose pages may call the API from a browser (CORS), comma-separated: the site's, and never "*".
    API_ALLOWED_ORIGINS: z
      .string()
      .default("http://localhost:3000")
      .transform((list) => list.split(",").map((entry) => entry.trim()))
      .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin)).min(1)),
    API_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
    // "local": verify the JWT's signature against the cached JWKS; "introspect": ask the provider about every token.
    API_TOKEN_CHECK: z.enum(["local", "introspect"]).default("local"),
    // The API's own private key (a JWK file, mode 600) for private_key_jwt; needed only to introspect.
    API_CLIENT_KEY_FILE: z.string().min(1).optional(),
    // Seconds between JWKS fetches an unknown kid may trigger; jose's default (30) when unset.
    API_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(600).optional(),
    // How long one introspection may take before the API answers 503 (a provider that hangs, not one that is down).
    API_INTROSPECTION_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
  })
  .refine((env) => env.API_TOKEN_CHECK === "local" || env.API_CLIENT_KEY_FILE !== undefined, {
    error: "API_TOKEN_CHECK=introspect needs API_CLIENT_KEY_FILE, the API's private key for private_key_jwt",
    path: ["API_CLIENT_KEY_FILE"],
  });

export type ApiEnv = z.infer<typeof apiEnvSchema>;

export function parseApiEnv(source: NodeJS.ProcessEnv): ApiEnv {
  const parsed = apiEnvSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`API settings: ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

const clientKeySchema = z.object({
  kty: z.literal("OKP"),
  crv: z.literal("Ed25519"),
  x: z.string(),
  d: z.string(),
  kid: z.string(),
});

/** The API's private key, from its JWK file: the provider knows only the public half. */
async function readClientKey(file: string): Promise<{ key: CryptoKey; kid: string }> {
  const parsed = clientKeySchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is not an Ed25519 private JWK`);
  const key = await importJWK(parsed.data, "EdDSA");
  if (!(key instanceof CryptoKey)) throw new Error(`${file} did not import as a private key`);
  return { key, kid: parsed.data.kid };
}

async function verifierFor(env: ApiEnv, log: (line: string) => void): Promise<AccessTokenVerifier> {
  if (env.API_TOKEN_CHECK === "introspect" && env.API_CLIENT_KEY_FILE) {
    return introspectionVerifier({
      issuer: env.OIDC_ISSUER,
      audience: env.API_AUDIENCE,
      clientKey: await readClientKey(env.API_CLIENT_KEY_FILE),
      timeoutSeconds: env.API_INTROSPECTION_TIMEOUT_SECONDS,
      log,
    });
  }
  return accessTokenVerifier({
    issuer: env.OIDC_ISSUER,
    audience: env.API_AUDIENCE,
    jwksUrl: new URL(`${env.OIDC_ISSUER}/jwks`),
    clockToleranceSeconds: env.API_CLOCK_TOLERANCE_SECONDS,
    jwksCooldownSeconds: env.API_JWKS_COOLDOWN_SECONDS,
  });
}

/** Starts the API on its own port; resolves with a function that stops it. */
export async function startApi(env: ApiEnv, log: (line: string) => void = console.log): Promise<() => Promise<void>> {
  const app = createApiApp(await verifierFor(env, log), { allowedOrigins: env.API_ALLOWED_ORIGINS });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: env.API_PORT, hostname: env.API_HOSTNAME }, () => resolve(started));
    // A busy port is the caller's to report, in one line.
    started.once("error", reject);
  });
  const check =
    env.API_TOKEN_CHECK === "introspect" ? "asking the provider about every token" : "verifying them with its published keys";
  log(
    `[api] http://${env.API_HOSTNAME}:${env.API_PORT}, trusting tokens from ${env.OIDC_ISSUER} for ${env.API_AUDIENCE}, ${check}`,
  );
  return () => new Promise((resolve) => server.close(() => resolve()));
}
