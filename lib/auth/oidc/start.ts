import "server-only";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Env } from "@/lib/env-schema";
import { ensureSigningKeys } from "@/lib/auth/oidc/signing-keys";
import { startOidcProvider } from "@/lib/auth/oidc/provider";

const publicJwksSchema = z.object({
  keys: z
    .array(
      z
        .object({ kty: z.string() })
        .loose()
        .refine((key) => !("d" in key), "a JWKS to publish holds no private key"),
    )
    .min(1),
});

/** Starts the OpenID provider for a server of this site: creates its signing key on first start (mode 600). */
export async function startSiteOidcProvider(env: Env, siteUrl: string, log: (line: string) => void) {
  const { created } = await ensureSigningKeys(env.OIDC_SIGNING_KEYS_FILE);
  if (created) log(`Created the OpenID provider's signing key in ${env.OIDC_SIGNING_KEYS_FILE}`);
  const apiClientJwks = env.OIDC_API_CLIENT_JWKS_FILE
    ? publicJwksSchema.parse(JSON.parse(await readFile(env.OIDC_API_CLIENT_JWKS_FILE, "utf8")))
    : undefined;
  return startOidcProvider({
    siteUrl,
    apiResource: env.OIDC_API_RESOURCE,
    apiTokenCheck: env.API_TOKEN_CHECK,
    accessTokenTtlSeconds: env.OIDC_ACCESS_TOKEN_TTL,
    refreshTokenIdleSeconds: env.OIDC_REFRESH_TOKEN_IDLE_TTL,
    refreshTokenAbsoluteSeconds: env.OIDC_REFRESH_TOKEN_ABSOLUTE_TTL,
    signingKeysFile: env.OIDC_SIGNING_KEYS_FILE,
    tokenRequestsPerClientPerMinute: env.OIDC_RATE_LIMIT_TOKEN_PER_CLIENT,
    apiClientJwks,
    authSecrets: env.authSecrets,
  });
}
