import * as client from "openid-client";
import { createBrowserCookieJar, cookiesOfHeader } from "@/bench/harness/browser-cookie-jar";

/** The CLI client's loopback redirect: any port is accepted for a native client (RFC 8252 §7.3); nothing listens here. */
const LOOPBACK_REDIRECT = "http://127.0.0.1:45678/callback";

/** The provider's configuration for a public client, as openid-client discovers it (http is allowed: this is a local lab). */
export function discoverPublicClient(siteUrl: string, clientId = "lab-cli"): Promise<client.Configuration> {
  return client.discovery(new URL(`${new URL(siteUrl).origin}/oidc`), clientId, undefined, client.None(), {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the lab's provider is plain http on this machine
    execute: [client.allowInsecureRequests],
  });
}

/**
 * The Authorization Code + PKCE flow a browser would run for `lab-cli`, over HTTP with the site's session cookie:
 * the provider's redirects, the site's sign-in step and its consent form (allowed). Answers the token response.
 */
export async function authorizeOverHttp(
  siteUrl: string,
  siteCookie: string,
  { scope = "openid offline_access lab:read", config }: { scope?: string; config?: client.Configuration } = {},
): Promise<client.TokenEndpointResponse & client.TokenEndpointResponseHelpers> {
  const origin = new URL(siteUrl).origin;
  const provider = config ?? (await discoverPublicClient(siteUrl));
  const jar = createBrowserCookieJar(cookiesOfHeader(siteCookie));
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  let url = client.buildAuthorizationUrl(provider, {
    redirect_uri: LOOPBACK_REDIRECT,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    // offline_access (a refresh token) is granted only when consent is asked for.
    prompt: "consent",
  }).href;
  for (let step = 0; step < 10 && !url.startsWith(LOOPBACK_REDIRECT); step += 1) {
    const consent = url.startsWith(`${origin}/oidc/interaction/`) && url.endsWith("/consent");
    const response = consent
      ? await fetch(url.replace(/\/consent$/, "/decide"), {
          method: "POST",
          redirect: "manual",
          headers: { cookie: jar.header(), origin, "content-type": "application/x-www-form-urlencoded" },
          body: "decision=allow",
        })
      : await fetch(url, { redirect: "manual", headers: { cookie: jar.header() } });
    jar.keep(response);
    const location = response.headers.get("location");
    if (!location) throw new Error(`The authorization flow stopped at ${url.replace(origin, "")} (HTTP ${response.status})`);
    url = new URL(location, url).href;
  }
  if (!url.startsWith(LOOPBACK_REDIRECT)) throw new Error("The authorization flow did not come back to the client");
  return client.authorizationCodeGrant(provider, new URL(url), { pkceCodeVerifier: verifier, expectedState: state });
}
