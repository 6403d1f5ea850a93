import { serve } from "@hono/node-server";
import { z } from "zod";
import { accessTokenVerifier } from "@/api/access-token";
import { createApiApp } from "@/api/app";

/** The API's settings: where the provider publishes its keys, and which audience its tokens must name. */
const apiEnvSchema = z.object({
  API_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  API_HOSTNAME: z.string().default("localhost"),
  OIDC_ISSUER: z.url().default("http://localhost:3000/oidc"),
  API_AUDIENCE: z.url().default("http://localhost:3100"),
  API_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
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

/** Starts the API on its own port; resolves with a function that stops it. */
export async function startApi(env: ApiEnv, log: (line: string) => void = console.log): Promise<() => Promise<void>> {
  const verify = accessTokenVerifier({
    issuer: env.OIDC_ISSUER,
    audience: env.API_AUDIENCE,
    jwksUrl: new URL(`${env.OIDC_ISSUER}/jwks`),
    clockToleranceSeconds: env.API_CLOCK_TOLERANCE_SECONDS,
  });
  const app = createApiApp(verify);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: env.API_PORT, hostname: env.API_HOSTNAME }, () => resolve(started));
  });
  log(`[api] http://${env.API_HOSTNAME}:${env.API_PORT}, trusting tokens from ${env.OIDC_ISSUER} for ${env.API_AUDIENCE}`);
  return () => new Promise((resolve) => server.close(() => resolve()));
}
