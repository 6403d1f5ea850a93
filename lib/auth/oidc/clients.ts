import "server-only";
import type { ClientMetadata } from "oidc-provider";

export { OIDC_COOKIE_NAMES } from "@/lib/auth/cookies";

export const SPA_CLIENT_ID = "lab-spa";
/** Where the provider sends lab-spa back when the site's backend-for-frontend signs in for it (lib/auth/bff). */
export const BFF_CALLBACK_PATH = "/spa/bff/callback";
const CLI_CLIENT_ID = "lab-cli";
/** The API service, when it introspects: a confidential client that proves itself with its own key, not a shared secret. */
const API_CLIENT_ID = "lab-api";

/** Each client's name, as the consent and devices pages say it. */
const CLIENT_NAMES: Record<string, string> = {
  [SPA_CLIENT_ID]: "Lab single-page app",
  [CLI_CLIENT_ID]: "Lab command-line tool",
  [API_CLIENT_ID]: "Lab API service",
};

/** The scopes the provider knows; lab:* are the API's (granted per resource). */
export const OIDC_SCOPES = ["openid", "offline_access", "profile", "email", "lab:read", "lab:write"] as const;

/** What each scope lets a client do, in the words the consent page uses. */
export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  openid: "Know who you are (your account id)",
  offline_access: "Stay signed in: keep a refresh token while you are away",
  profile: "See your name",
  email: "See your email address",
  "lab:read": "Read your notes through the API",
  "lab:write": "Change your notes through the API",
};

/** The clients, registered in code. Their redirect URIs follow the site's own URL (AUTH_URL). */
export function OIDC_CLIENTS(settings: {
  siteUrl: string;
  apiClientJwks?: { keys: Record<string, unknown>[] };
}): ClientMetadata[] {
  const site = new URL(settings.siteUrl).origin;
  const clients: ClientMetadata[] = [
    {
      client_id: SPA_CLIENT_ID,
      client_name: CLIENT_NAMES[SPA_CLIENT_ID],
      application_type: "web",
      token_endpoint_auth_method: "none",
      // The page's own callback (tokens kept in the browser), and the backend-for-frontend's (tokens kept by the site).
      redirect_uris: [`${site}/spa/callback`, `${site}${BFF_CALLBACK_PATH}`],
      post_logout_redirect_uris: [`${site}/spa`],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
    },
    {
      client_id: CLI_CLIENT_ID,
      client_name: CLIENT_NAMES[CLI_CLIENT_ID],
      application_type: "native",
      token_endpoint_auth_method: "none",
      // RFC 8252 §7.3: for a native client the provider ignores the loopback port, so any free port works.
      redirect_uris: ["http://127.0.0.1/callback"],
      grant_types: ["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"],
      response_types: ["code"],
    },
  ];
  if (settings.apiClientJwks) {
    clients.push({
      client_id: API_CLIENT_ID,
      client_name: CLIENT_NAMES[API_CLIENT_ID],
      token_endpoint_auth_method: "private_key_jwt",
      // The fully specified name (RFC 9864) openid-client signs an Ed25519 key's assertion with.
      token_endpoint_auth_signing_alg: "Ed25519",
      jwks: settings.apiClientJwks,
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    });
  }
  return clients;
}

export function clientName(clientId: string): string {
  return CLIENT_NAMES[clientId] ?? clientId;
}
