import "server-only";
import { hkdfSync } from "node:crypto";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { prisma } from "@/lib/db/client";
import { predatesEpoch } from "@/lib/auth/stores/credential-epoch";
import { PostgresOidcAdapter } from "@/lib/auth/oidc/adapter";
import { keystoreAt, readSigningKeys, SIGNING_ALGORITHM, type Keystore } from "@/lib/auth/oidc/signing-keys";
import { deviceFlowPages, errorPage, signedOutPage, signOutConfirmPage } from "@/lib/auth/oidc/pages";
import { OIDC_CLIENTS, OIDC_SCOPES, OIDC_COOKIE_NAMES } from "@/lib/auth/oidc/clients";
import { codeEntryNeedsASession, tokenEndpointLimits } from "@/lib/auth/oidc/request-guards";
import { RATE_LIMIT_DEFAULTS } from "@/lib/env-schema";

/** Everything the provider is built from: the deployment's settings, not read from the environment here. */
export type OidcSettings = {
  /** The site's public origin; the issuer is this plus /oidc. */
  siteUrl: string;
  /** The API's resource indicator (RFC 8707), which is also its tokens' audience. */
  apiResource: string;
  /** "introspect": the API asks the provider about every token, so the provider issues reference (opaque) tokens for it. */
  apiTokenCheck: "local" | "introspect";
  accessTokenTtlSeconds: number;
  refreshTokenIdleSeconds: number;
  refreshTokenAbsoluteSeconds: number;
  signingKeysFile: string;
  /** The token endpoint's limit per client address (lib/auth/oidc/request-guards.ts); OIDC_RATE_LIMIT_TOKEN_PER_CLIENT. */
  tokenRequestsPerClientPerMinute?: number;
  /** The API's public key (private_key_jwt) for introspection: no secret shared with it. */
  apiClientJwks?: { keys: Record<string, unknown>[] };
  /** AUTH_SECRET and the older ones: the provider's cookie keys are derived from them. */
  authSecrets: string[];
};

const OIDC_PATH = "/oidc";
const ID_TOKEN_TTL_SECONDS = 3600;
const INTERACTION_TTL_SECONDS = 600;
const DEVICE_CODE_TTL_SECONDS = 600;
const AUTHORIZATION_CODE_TTL_SECONDS = 60;

const issuerOf = (siteUrl: string) => `${new URL(siteUrl).origin}${OIDC_PATH}`;

/** The longest a token the provider signed stays valid: how long a retired key must stay published. */
export const longestSignedTokenSeconds = (settings: Pick<OidcSettings, "accessTokenTtlSeconds">) =>
  Math.max(settings.accessTokenTtlSeconds, ID_TOKEN_TTL_SECONDS);

/** The provider's cookie signing keys, one per site secret (the first signs), so a secret rotation rotates them too. */
function cookieKeys(secrets: string[]): string[] {
  return secrets.map((secret) =>
    Buffer.from(hkdfSync("sha256", secret, "", "lab oidc-provider cookies", 32)).toString("base64url"),
  );
}

/** A refresh token's lifetime: the idle window, cut short by the chain's absolute end (iiat is the chain's first issue). */
function refreshTokenTtl(settings: OidcSettings) {
  return (_ctx: KoaContextWithOIDC, token: { iiat?: number }) => {
    const now = Math.floor(Date.now() / 1000);
    const left = settings.refreshTokenAbsoluteSeconds - (now - (token.iiat ?? now));
    return Math.max(1, Math.min(settings.refreshTokenIdleSeconds, left));
  };
}

/**
 * The person a token or the provider's session names, unless their credential epoch ("sign out everywhere", a
 * password change) ended it: a refresh is then invalid_grant, and an old provider session must sign in again.
 */
async function findAccount(ctx: KoaContextWithOIDC, sub: string, token?: { iiat?: number; iat?: number; grantId?: string }) {
  const person = await prisma().user.findUnique({
    where: { id: sub },
    select: { id: true, name: true, email: true, emailVerified: true, credentialsValidAfter: true, credentialsKeptId: true },
  });
  if (!person) return undefined;
  const epoch = { validAfter: person.credentialsValidAfter, keptId: person.credentialsKeptId };
  // Seconds, so the end of that second: a grant made in the same second as the revocation is deleted by it anyway.
  const issuedAt = token ? (token.iiat ?? token.iat) : ctx.oidc.session?.loginTs;
  const credentialId = token ? token.grantId : ctx.oidc.session?.uid;
  if (
    issuedAt !== undefined &&
    credentialId &&
    predatesEpoch({ id: credentialId, createdAt: new Date(issuedAt * 1000 + 999) }, epoch)
  ) {
    return undefined;
  }
  return {
    accountId: person.id,
    claims: () => ({
      sub: person.id,
      name: person.name ?? undefined,
      email: person.email,
      email_verified: person.emailVerified !== null,
    }),
  };
}

function configuration(settings: OidcSettings, keystore: Keystore): Configuration {
  const apiTokenFormat = settings.apiTokenCheck === "introspect" ? "opaque" : "jwt";
  return {
    adapter: PostgresOidcAdapter,
    jwks: { keys: keystore.keys },
    findAccount,
    clients: OIDC_CLIENTS(settings),
    clientDefaults: { id_token_signed_response_alg: SIGNING_ALGORITHM },
    enabledJWA: { idTokenSigningAlgValues: [SIGNING_ALGORITHM], userinfoSigningAlgValues: [SIGNING_ALGORITHM] },
    cookies: { keys: cookieKeys(settings.authSecrets), names: OIDC_COOKIE_NAMES },
    scopes: [...OIDC_SCOPES],
    claims: { openid: ["sub"], profile: ["name"], email: ["email", "email_verified"] },
    interactions: { url: (_ctx, interaction) => `${OIDC_PATH}/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    // A browser may call the token, revocation and userinfo endpoints only from a public client's own redirect origin.
    clientBasedCORS: (ctx, origin, client) =>
      origin !== "null" &&
      (ctx.oidc.route === "userinfo" || client.clientAuthMethod === "none") &&
      client.redirectUris?.some((uri) => URL.canParse(uri) && new URL(uri).origin === origin) === true,
    rotateRefreshToken: true,
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? settings.accessTokenTtlSeconds,
      AuthorizationCode: AUTHORIZATION_CODE_TTL_SECONDS,
      DeviceCode: DEVICE_CODE_TTL_SECONDS,
      IdToken: ID_TOKEN_TTL_SECONDS,
      Interaction: INTERACTION_TTL_SECONDS,
      Grant: settings.refreshTokenAbsoluteSeconds,
      Session: settings.refreshTokenAbsoluteSeconds,
      RefreshToken: refreshTokenTtl(settings),
    },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: true, ...deviceFlowPages },
      revocation: { enabled: true },
      // RFC 7662 for confidential callers (the API, with its key) only; a public client learns nothing from it.
      introspection: { enabled: true, allowedPolicy: (_ctx, client) => client.clientAuthMethod !== "none" },
      rpInitiatedLogout: { enabled: true, logoutSource: signOutConfirmPage, postLogoutSuccessSource: signedOutPage },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => settings.apiResource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== settings.apiResource) throw new errors.InvalidTarget();
          return {
            scope: "lab:read lab:write",
            audience: settings.apiResource,
            accessTokenTTL: settings.accessTokenTtlSeconds,
            accessTokenFormat: apiTokenFormat,
            jwt: { sign: { alg: SIGNING_ALGORITHM } },
          };
        },
      },
    },
    renderError: errorPage,
  };
}

type RunningProvider = {
  provider: Provider;
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  keystore: Keystore;
};

declare global {
  // One provider per process, reached by the front door and by Next's pages (the interaction page) alike.
  var labOidcProvider: RunningProvider | undefined;
}

function build(settings: OidcSettings, keystore: Keystore): RunningProvider {
  const provider = new Provider(issuerOf(settings.siteUrl), configuration(settings, keystore));
  provider.use(
    tokenEndpointLimits(settings.tokenRequestsPerClientPerMinute ?? RATE_LIMIT_DEFAULTS.OIDC_RATE_LIMIT_TOKEN_PER_CLIENT),
  );
  provider.use(codeEntryNeedsASession);
  provider.on("server_error", (_ctx, error) => console.error(`[oidc] server error: ${error.name}`));
  provider.on("grant.revoked", () => console.log("[oidc] a grant was revoked"));
  const callback = provider.callback();
  return { provider, handle: (request, response) => callback(request, response), keystore };
}

/** The running provider; throws when the server did not start one (a page rendered outside lib/server/serve.ts). */
export function oidcProvider(): Provider {
  const running = globalThis.labOidcProvider;
  if (!running) throw new Error("The OpenID provider is not running in this process");
  return running.provider;
}

/**
 * Builds the provider from the key file, and builds it again when the key file changes or a key's time comes (a
 * rotation signing with its new key, an old key leaving the JWKS). Answers the front door's handler for /oidc.
 */
export async function startOidcProvider(
  settings: OidcSettings,
): Promise<(request: IncomingMessage, response: ServerResponse) => Promise<void>> {
  let fileChanged = (await stat(settings.signingKeysFile)).mtimeMs;
  globalThis.labOidcProvider = build(settings, keystoreAt(await readSigningKeys(settings.signingKeysFile)));
  const refresh = async () => {
    const running = globalThis.labOidcProvider;
    const changed = (await stat(settings.signingKeysFile)).mtimeMs;
    const due = running?.keystore.nextChange && running.keystore.nextChange <= new Date();
    if (changed === fileChanged && !due) return;
    fileChanged = changed;
    const keystore = keystoreAt(await readSigningKeys(settings.signingKeysFile));
    if (running?.keystore.publishedKids.join() === keystore.publishedKids.join()) {
      running.keystore = keystore;
      return;
    }
    globalThis.labOidcProvider = build(settings, keystore);
    console.log(`[oidc] signing with key ${keystore.signingKid}; publishing ${keystore.publishedKids.length} key(s)`);
  };
  // A stat a second: cheap, and works where file watching does not (containers, network mounts).
  setInterval(() => {
    refresh().catch((error: unknown) =>
      console.error(`[oidc] keeping the current keys: ${error instanceof Error ? error.message : "error"}`),
    );
  }, 1000).unref();
  return (request, response) => {
    const running = globalThis.labOidcProvider;
    if (!running) throw new Error("The OpenID provider is not running in this process");
    return running.handle(request, response);
  };
}
