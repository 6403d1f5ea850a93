import { createRemoteJWKSet, errors, jwtVerify } from "jose";

/** What the API trusts a verified access token to say: who it is for, and what it may do. */
export type TokenHolder = { subject: string; scopes: string[]; clientId: string | undefined };

type VerifyOutcome =
  | { ok: true; holder: TokenHolder }
  /** The token is not acceptable: 401. */
  | { ok: false; problem: "invalid_token"; description: string }
  /** The provider could not be reached (its keys, or its introspection endpoint), so no token can be judged: 503, not the client's fault. */
  | { ok: false; problem: "keys_unavailable" | "introspection_unavailable"; description: string };

export type AccessTokenVerifier = (bearer: string) => Promise<VerifyOutcome>;

/** The asymmetric algorithms the provider signs with; anything else (HS256, none) is refused before any key is tried. */
const ALGORITHMS = ["EdDSA", "ES256"];

/**
 * Verifies RFC 9068 access tokens against the provider's published keys: fetched once, cached, and fetched
 * again when a token names a `kid` the cache lacks (a rotation). No database, no shared secret. While the provider is
 * down the cached keys serve for jose's cacheMaxAge (10 min) after the last fetch; past that every token gets 503.
 */
export function accessTokenVerifier(options: {
  issuer: string;
  audience: string;
  jwksUrl: URL;
  clockToleranceSeconds: number;
  /** How long after a fetch an unknown `kid` may not trigger another; jose's own default (30 s) when unset. */
  jwksCooldownSeconds?: number;
}): AccessTokenVerifier {
  const cooldown = options.jwksCooldownSeconds;
  const keys = createRemoteJWKSet(options.jwksUrl, cooldown === undefined ? {} : { cooldownDuration: cooldown * 1000 });
  return async (bearer) => {
    try {
      const { payload } = await jwtVerify(bearer, keys, {
        issuer: options.issuer,
        audience: options.audience,
        typ: "at+jwt",
        algorithms: ALGORITHMS,
        clockTolerance: options.clockToleranceSeconds,
        requiredClaims: ["sub", "exp", "iat", "jti"],
      });
      return { ok: true, holder: holderOf(payload) };
    } catch (error) {
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError))
        return { ok: false, problem: "keys_unavailable", description: "The provider's signing keys could not be fetched" };
      return { ok: false, problem: "invalid_token", description: describeRefusal(error) };
    }
  };
}

/** Who a token is for and what it may do, from its claims (a verified JWT's, or an introspection answer's). */
export function holderOf(payload: { sub?: string; scope?: unknown; client_id?: unknown }): TokenHolder {
  const scope = typeof payload.scope === "string" ? payload.scope : "";
  const clientId = typeof payload.client_id === "string" ? payload.client_id : undefined;
  return { subject: payload.sub ?? "", scopes: scope.split(" ").filter(Boolean), clientId };
}

/** A reason a client may read (RFC 6750's error_description): never the token, never a stack. */
function describeRefusal(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return "The access token expired";
  if (error instanceof errors.JWTClaimValidationFailed) return `The access token's ${error.claim} claim is not accepted here`;
  if (error instanceof errors.JWKSNoMatchingKey) return "The access token was signed with a key the provider does not publish";
  return "The access token is malformed or its signature does not verify";
}
