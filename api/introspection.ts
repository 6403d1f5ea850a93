import * as client from "openid-client";
import { holderOf, type AccessTokenVerifier } from "@/api/access-token";

/** The client id the provider registers for the API (lib/auth/oidc/clients.ts), with the public half of its key. */
const API_CLIENT_ID = "lab-api";

/** The answer to give when the provider cannot be asked: the token may be fine, so 503, never 401. */
const UNAVAILABLE = {
  ok: false,
  problem: "introspection_unavailable",
  description: "The provider could not be asked about the access token; try again shortly",
} as const;

const refused = (description: string) => ({ ok: false, problem: "invalid_token", description }) as const;

/**
 * Asks the provider about every token (RFC 7662), so a revoked grant is refused at once: the price is a request to
 * the provider, and its database, per API request. The API proves who it is with its own private key
 * (private_key_jwt), so it still shares no secret with the provider and has no database of its own.
 */
export function introspectionVerifier(options: {
  issuer: string;
  audience: string;
  clientKey: client.PrivateKey;
  /** How long one request to the provider may take before the API answers 503. */
  timeoutSeconds: number;
  log: (line: string) => void;
}): AccessTokenVerifier {
  const issuerUrl = new URL(options.issuer);
  let discovered: Promise<client.Configuration> | undefined;
  // Discovered once and kept; a failed discovery is forgotten, so the next request tries again.
  const configuration = () =>
    (discovered ??= client
      .discovery(issuerUrl, API_CLIENT_ID, undefined, client.PrivateKeyJwt(options.clientKey), {
        timeout: options.timeoutSeconds,
        // openid-client refuses plain http; the lab's local provider is http, a deployment's https keeps the refusal.
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- the lab's provider is plain http on this machine
        execute: issuerUrl.protocol === "http:" ? [client.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      }));

  return async (bearer) => {
    let answer: client.IntrospectionResponse;
    try {
      answer = await client.tokenIntrospection(await configuration(), bearer, { token_type_hint: "access_token" });
    } catch (error) {
      // The provider introspects only its reference tokens and says so about a JWT: the client's token, not an outage.
      if (error instanceof client.ResponseBodyError && error.error === "unsupported_token_type")
        return refused("This API expects the provider's reference tokens, not a JWT");
      options.log(`[api] introspection failed, answering 503: ${describeFailure(error)}`);
      return UNAVAILABLE;
    }
    if (!answer.active) return refused("The access token is not active: expired, revoked or unknown");
    // A refresh token is active too, and has no token_type: only a bearer access token opens the API.
    if (answer.token_type !== "Bearer") return refused("The token is not a bearer access token");
    if (answer.iss !== options.issuer) return refused("The access token's iss claim is not accepted here");
    const audiences = typeof answer.aud === "string" ? [answer.aud] : (answer.aud ?? []);
    if (!audiences.includes(options.audience)) return refused("The access token's aud claim is not accepted here");
    return { ok: true, holder: holderOf(answer) };
  };
}

/** Why the provider could not answer, for the log: an error's name and code or status, never the token. */
function describeFailure(error: unknown): string {
  if (error instanceof client.ResponseBodyError)
    return `the provider answered ${error.status} ${error.error}${error.error_description ? ` (${error.error_description})` : ""}`;
  if (error instanceof client.ClientError) {
    const status = error.cause instanceof Response ? ` (HTTP ${error.cause.status})` : "";
    return `${error.name} ${error.code ?? ""}: ${error.message}${status}`;
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error && "code" in error.cause ? ` (${String(error.cause.code)})` : "";
    return `${error.name}: ${error.message}${cause}`;
  }
  return "unknown error";
}
