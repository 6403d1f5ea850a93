import "server-only";
import { getEnv } from "@/lib/env";
import { formatDuration } from "@/lib/format-duration";
import { benchRatios, type BenchResults } from "@/lib/lab/bench-results";
import type { BenchResultsState } from "@/lib/lab/committed-results";
import { formatMicroseconds } from "@/lib/lab/hybrid-cells";
import type { Cell } from "@/lib/lab/cell";

/** One claim of /compare's table, for the OAuth access token + refresh token an API is called with. */
export type ApiTokenRow = { id: string; claim: string; cell: Cell };

const times = (value: number | null | undefined) => (value == null ? "not measured" : `${value.toFixed(2)}×`);
const BENCH_LINK = { href: "#bench", label: "See the benchmark" };

/** App CPU per request of an API series, in µs, with the provider's share for the introspecting one. */
function cpuPerRequestUs(
  results: BenchResults,
  series: "api-local" | "api-introspect",
): { app: number; provider: number } | undefined {
  const run = results.runs.find((candidate) => candidate.series === series);
  if (!run?.cpuMs || run.requests === 0) return undefined;
  return { app: (run.cpuMs.app * 1000) / run.requests, provider: ((run.cpuMs.provider ?? 0) * 1000) / run.requests };
}

/** The rows, from the committed bench run (token sizes, verification, the API series) and this server's settings. */
export function apiTokenRows(bench: BenchResultsState): ApiTokenRow[] {
  const env = getEnv();
  const results = bench.status === "ok" ? bench.results : undefined;
  const oauth = results?.oauth;
  const ratios = results ? benchRatios(results.runs).bySeries : {};
  const local = results ? cpuPerRequestUs(results, "api-local") : undefined;
  const introspected = results ? cpuPerRequestUs(results, "api-introspect") : undefined;
  const accessTtl = formatDuration(env.OIDC_ACCESS_TOKEN_TTL);
  const unmeasured = (detail: string): Cell => ({ headline: "not measured yet", detail, measured: false, link: BENCH_LINK });
  return [
    {
      id: "state",
      claim: "Where the state lives",
      cell: {
        headline: "Provider: grants in PostgreSQL; API: nothing",
        detail:
          "The provider keeps each grant and its refresh tokens (hashed) in PostgreSQL. The API holds only the provider's public keys, fetched from its JWKS and cached: no database, no shared secret.",
        measured: false,
      },
    },
    {
      id: "client",
      claim: "What the client holds (token sizes)",
      cell: oauth
        ? {
            headline: `access ${oauth.tokenBytes.access} B, refresh ${oauth.tokenBytes.refresh} B`,
            detail: `An RFC 9068 JWT access token (EdDSA, typ at+jwt) of ${oauth.tokenBytes.access} bytes sent as Authorization: Bearer; an opaque refresh token of ${oauth.tokenBytes.refresh} bytes that only the provider can read; and an ID token of ${oauth.tokenBytes.id} bytes for the client itself.`,
            measured: true,
            link: BENCH_LINK,
          }
        : unmeasured("Run the benchmark to record the sizes of the tokens the provider issues."),
    },
    {
      id: "work",
      claim: "Work per request",
      cell: oauth
        ? {
            headline: `${formatMicroseconds(oauth.accessTokenVerify.p50Us)} to verify (EdDSA)`,
            detail: `The API's own check (jose's jwtVerify with the cached JWKS: signature, issuer, audience, expiry, typ) took ${formatMicroseconds(oauth.accessTokenVerify.p50Us)} at p50 and ${formatMicroseconds(oauth.accessTokenVerify.p95Us)} at p95 in-process. Under load the API served ${times(ratios["api-local"]?.vsBaseline)} of its own no-token throughput${local ? `, at ${formatMicroseconds(local.app)} of API CPU per request` : ""}.`,
            measured: true,
            link: BENCH_LINK,
          }
        : unmeasured("Run the benchmark to time the API's token check."),
    },
    {
      id: "revocation",
      claim: "What revocation does",
      cell: {
        headline:
          env.API_TOKEN_CHECK === "introspect"
            ? "refresh and access: at once (introspection)"
            : `refresh: at once; access: up to ${accessTtl}`,
        detail: `Revoking a grant (devices page, sign out everywhere, a password change, or a reused refresh token) ends its refresh tokens at once. An access token already issued is checked by signature alone, so it works until it expires (OIDC_ACCESS_TOKEN_TTL, ${accessTtl} here). With API_TOKEN_CHECK=introspect the API asks the provider about every request: revocation is instant, and the API served ${times(ratios["api-introspect"]?.vsBaseline)} of its no-token throughput${introspected ? `, with ${formatMicroseconds(introspected.app)} of API CPU and ${formatMicroseconds(introspected.provider)} of provider CPU per request` : ""}.`,
        measured: results !== undefined && ratios["api-introspect"] !== undefined,
        link: { href: "/devices", label: "Revoke a grant" },
      },
    },
    {
      id: "scaling",
      claim: "Behind a load balancer",
      cell: {
        headline: "any instance verifies; nothing shared",
        detail:
          "Every API instance verifies with the same published keys, so requests may go anywhere. Only the provider needs shared storage (its grants and refresh tokens in PostgreSQL), and only when a token is issued, refreshed or revoked.",
        measured: false,
      },
    },
    {
      id: "outage",
      claim: "When the database is down",
      cell: {
        headline: "the API keeps answering valid tokens",
        detail:
          "With PostgreSQL stopped, or the whole site stopped, the API verifies access tokens with its cached keys until they expire (tested). Signing in, refreshing and revoking stop, since they are the provider's. With introspection on, the API answers 503 instead: that is the price of instant revocation.",
        measured: false,
      },
    },
    {
      id: "expiry",
      claim: "Expiry and renewal",
      cell: {
        headline: `access ${accessTtl}; refresh ${formatDuration(env.OIDC_REFRESH_TOKEN_IDLE_TTL)} idle, ${formatDuration(env.OIDC_REFRESH_TOKEN_ABSOLUTE_TTL)} at most`,
        detail: `The client refreshes before the access token ends. Each refresh token works once: it is rotated on every use, and a reused one revokes the whole grant (theft detection). A refresh token unused for ${formatDuration(env.OIDC_REFRESH_TOKEN_IDLE_TTL)} expires, and no chain outlives ${formatDuration(env.OIDC_REFRESH_TOKEN_ABSOLUTE_TTL)} from the first sign-in.`,
        measured: false,
      },
    },
  ];
}
