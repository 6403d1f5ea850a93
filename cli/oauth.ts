import { spawn } from "node:child_process";
import * as client from "openid-client";
import { CliError, describeProviderFailure } from "@/cli/errors";
import { receiveRedirect } from "@/cli/loopback";
import type { CliSettings } from "@/cli/settings";

/** The lab's own command-line client: public (no secret), registered in the provider's code. */
const CLI_CLIENT_ID = "lab-cli";
/** A refresh token (offline_access) to keep working after the access token's 5 minutes, and read access to the API. */
const CLI_SCOPE = "openid offline_access lab:read";

export type TokenResponse = client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;

/** Runs one step against the provider; any failure becomes one line that names the provider. */
async function atProvider<T>(settings: CliSettings, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new ProviderFailure(describeProviderFailure(error, settings.issuer), error);
  }
}

/** A failure at the provider, with the RFC 6749 error code when it answered one (invalid_grant: signed out). */
export class ProviderFailure extends CliError {
  override name = "ProviderFailure";
  readonly oauthError: string | undefined;
  constructor(message: string, cause: unknown) {
    super(message);
    this.oauthError = cause instanceof client.ResponseBodyError ? cause.error : undefined;
  }
}

/** The provider's configuration from its discovery document. */
export function discover(settings: CliSettings): Promise<client.Configuration> {
  const insecure = new URL(settings.issuer).protocol === "http:";
  return atProvider(settings, () =>
    client.discovery(new URL(settings.issuer), CLI_CLIENT_ID, undefined, client.None(), {
      // Settings allow plain http only for a provider on this machine (the lab's own).
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- openid-client's one switch for http issuers
      execute: insecure ? [client.allowInsecureRequests] : [],
      timeout: 10,
    }),
  );
}

/** Asks the desktop to open `url`; a machine without one (a server, a container) just has the printed URL. */
function tryToOpen(url: string) {
  const opener = spawn("xdg-open", [url], { stdio: "ignore", detached: true });
  opener.on("error", () => undefined);
  opener.unref();
}

/** Authorization Code + PKCE (S256) in the browser, back through a loopback redirect (RFC 8252). */
export async function loginInBrowser(
  config: client.Configuration,
  settings: CliSettings,
  print: (line: string) => void,
): Promise<TokenResponse> {
  const verifier = client.randomPKCECodeVerifier();
  const challenge = await client.calculatePKCECodeChallenge(verifier);
  const state = client.randomState();
  return receiveRedirect({
    timeoutSeconds: settings.loginTimeoutSeconds,
    onListening: (redirectUri) => {
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: CLI_SCOPE,
        code_challenge: challenge,
        code_challenge_method: "S256",
        state,
        // The provider grants offline_access (the refresh token) only when consent is asked for explicitly.
        prompt: "consent",
      }).href;
      print(`Open this URL in your browser to sign in:\n\n  ${url}\n`);
      print(`Waiting up to ${settings.loginTimeoutSeconds} s for the browser…`);
      if (settings.openBrowser) tryToOpen(url);
    },
    // Checks state, the issuer (RFC 9207 iss) and PKCE, then redeems the code.
    redeem: (callbackUrl) =>
      atProvider(settings, () =>
        client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: verifier, expectedState: state }),
      ),
    describe: (error) => describeProviderFailure(error, settings.issuer),
  });
}

/** The Device Authorization Grant (RFC 8628): a code to confirm in any browser; polling backs off on slow_down. */
export async function loginWithDevice(
  config: client.Configuration,
  settings: CliSettings,
  print: (line: string) => void,
): Promise<TokenResponse> {
  const authorization = await atProvider(settings, () => client.initiateDeviceAuthorization(config, { scope: CLI_SCOPE }));
  print(`Open ${authorization.verification_uri_complete ?? authorization.verification_uri} in a browser,`);
  print(`and check that it shows the code ${authorization.user_code}.`);
  print(`Waiting up to ${Math.min(settings.loginTimeoutSeconds, authorization.expires_in)} s…`);
  const signal = AbortSignal.timeout(settings.loginTimeoutSeconds * 1000);
  return atProvider(settings, async () => {
    try {
      return await client.pollDeviceAuthorizationGrant(config, authorization, undefined, { signal });
    } catch (error) {
      if (signal.aborted)
        throw new CliError(
          `The code was not confirmed within ${settings.loginTimeoutSeconds} s: run npm run cli -- login --device again`,
        );
      if (error instanceof client.ResponseBodyError && error.error === "expired_token")
        throw new CliError("The code expired before it was confirmed: run npm run cli -- login --device again");
      throw error;
    }
  });
}

export function refresh(config: client.Configuration, settings: CliSettings, refreshToken: string): Promise<TokenResponse> {
  return atProvider(settings, () => client.refreshTokenGrant(config, refreshToken));
}

/** RFC 7009: the provider forgets the refresh token (and its grant), so a copy of the file is worthless. */
export function revoke(config: client.Configuration, settings: CliSettings, refreshToken: string): Promise<void> {
  return atProvider(settings, () => client.tokenRevocation(config, refreshToken, { token_type_hint: "refresh_token" }));
}
