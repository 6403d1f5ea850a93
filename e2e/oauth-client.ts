import { createServer } from "node:http";
import * as client from "openid-client";
import { apiPortOf, PORT } from "./servers";

/** The site under test as an OpenID provider, and its API service (whose URL is the resource its tokens name). */
export const ISSUER = `http://localhost:${PORT}/oidc`;
export const API_URL = `http://localhost:${apiPortOf(PORT)}`;
export const CLI_SCOPES = ["openid", "offline_access", "lab:read"];

/** A public client's configuration, as openid-client discovers it (plain http: the provider is on this machine). */
export function discoverClient(clientId: "lab-cli" | "lab-spa"): Promise<client.Configuration> {
  return client.discovery(new URL(ISSUER), clientId, undefined, client.None(), {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the lab's provider is plain http on this machine
    execute: [client.allowInsecureRequests],
  });
}

/** An Authorization Code + PKCE request for `config`'s client, as the CLI makes it; `prompt=consent` earns a refresh token. */
export async function authorizationRequest(config: client.Configuration, redirectUri: string) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: CLI_SCOPES.join(" "),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    prompt: "consent",
  });
  return { url: url.href, verifier, state, redirectUri };
}

/** A real loopback listener (RFC 8252) on 127.0.0.1 at `port`, answering the redirect the way the CLI does. */
export async function loopbackListener(port: number) {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end("<!doctype html><title>Signed in</title><h1>You can close this tab</h1>");
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The browser keeps its connection open; let it go.
        server.closeAllConnections();
      }),
  };
}

/** A raw token-endpoint request, to see exactly what the provider answers to bad input. */
export async function tokenRequest(fields: Record<string, string>) {
  const response = await fetch(`${ISSUER}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** GET a path at the API with a bearer token. */
export async function callApi(path: "/me" | "/notes", accessToken: string) {
  const response = await fetch(`${API_URL}${path}`, { headers: { Authorization: `Bearer ${accessToken}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
