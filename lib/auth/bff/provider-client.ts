import "server-only";
import * as client from "openid-client";
import { BFF_CALLBACK_PATH, SPA_CLIENT_ID } from "@/lib/auth/oidc/clients";

/** A refresh token (offline_access, granted only with prompt=consent), and read access to the API. */
const BFF_SCOPE = "openid offline_access lab:read";
/** Seconds one request to the provider may take before the BFF gives up and says so. */
const PROVIDER_TIMEOUT_SECONDS = 10;

export type TokenResponse = client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;

/** The site's own public origin: the provider's issuer and the callback both hang off it. */
export type SiteOrigin = string;

declare global {
  // One discovery per issuer and process, shared by every route bundle that signs in, refreshes or revokes.
  var labBffProviderConfigs: Map<string, Promise<client.Configuration>> | undefined;
}

/**
 * The provider's configuration for lab-spa, discovered from the site's own `/oidc` (an http issuer only on this
 * machine: plain http is allowed for loopback hosts alone). A failed discovery is not kept, so the next request retries.
 */
function providerConfig(site: SiteOrigin): Promise<client.Configuration> {
  const configs = (globalThis.labBffProviderConfigs ??= new Map<string, Promise<client.Configuration>>());
  const issuer = `${site}/oidc`;
  let config = configs.get(issuer);
  if (!config) {
    const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(new URL(site).hostname);
    config = client.discovery(new URL(issuer), SPA_CLIENT_ID, undefined, client.None(), {
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- openid-client's one switch for http issuers
      execute: loopback ? [client.allowInsecureRequests] : [],
      timeout: PROVIDER_TIMEOUT_SECONDS,
    });
    configs.set(issuer, config);
    config.catch(() => configs.delete(issuer));
  }
  return config;
}

export const bffCallbackUrl = (site: SiteOrigin) => `${site}${BFF_CALLBACK_PATH}`;

/** What a sign-in must remember between leaving for the provider and coming back: never shown to the browser's script. */
export type PendingLogin = { state: string; codeVerifier: string; returnTo: string };

/** Authorization Code + PKCE (S256) for lab-spa, with consent asked (for the refresh token) and the API as the resource. */
export async function authorizationRequest(
  site: SiteOrigin,
  apiResource: string,
  returnTo: string,
): Promise<{ url: URL; pending: PendingLogin }> {
  const config = await providerConfig(site);
  const pending = { state: client.randomState(), codeVerifier: client.randomPKCECodeVerifier(), returnTo };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: bffCallbackUrl(site),
    scope: BFF_SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: "S256",
    state: pending.state,
    prompt: "consent",
    resource: apiResource,
  });
  return { url, pending };
}

/** Redeems the callback's code: openid-client checks state, the issuer (RFC 9207) and the ID token, and sends the verifier. */
export async function redeemCode(site: SiteOrigin, callbackUrl: URL, pending: PendingLogin): Promise<TokenResponse> {
  const config = await providerConfig(site);
  return client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
  });
}

/** A new access token, and the rotated refresh token that replaces the one given. */
export async function refreshTokens(site: SiteOrigin, refreshToken: string): Promise<TokenResponse> {
  return client.refreshTokenGrant(await providerConfig(site), refreshToken);
}

/** RFC 7009. The provider then ends the whole grant, so no token issued from it refreshes again. */
export async function revokeRefreshToken(site: SiteOrigin, refreshToken: string): Promise<void> {
  await client.tokenRevocation(await providerConfig(site), refreshToken, { token_type_hint: "refresh_token" });
}

/** The provider's answer was "no": the refresh token or code is spent, revoked or expired, so the session is over. */
export const isGrantRefused = (error: unknown): boolean =>
  error instanceof client.ResponseBodyError && error.error === "invalid_grant";

/**
 * A failure in a few words for the log: the provider's OAuth error, or the first error code on the way (openid-client's,
 * PostgreSQL's, Prisma's, or the system's under fetch's TypeError). Never a message, which may quote a request.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof client.ResponseBodyError || error instanceof client.AuthorizationResponseError)
    return `the provider answered ${error.error}`;
  const coded = [error, error instanceof Error ? error.cause : undefined].find(
    (candidate): candidate is Error & { code: string } =>
      candidate instanceof Error && "code" in candidate && typeof candidate.code === "string",
  );
  return coded?.code ?? (error instanceof Error ? error.name : "error");
}
