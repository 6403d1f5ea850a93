import "server-only";
import { getEnv, type Env } from "@/lib/env";
import type { CurrentSession } from "@/lib/auth";
import type { SessionMode } from "@/lib/auth/mode";
import { sessionCookieName } from "@/lib/auth/cookies";
import {
  nextExpiryExtension,
  sessionLifetime,
  SESSION_MAX_AGE_SECONDS,
  SESSION_UPDATE_AGE_SECONDS,
  renewalIntervalSeconds,
} from "@/lib/auth/session-lifetime";
import { HYBRID_CLOCK_TOLERANCE_SECONDS } from "@/lib/auth/tokens/hybrid-token";
import { formatDuration } from "@/lib/format-duration";
import {
  sampleDatabaseMode,
  sampleHybridMode,
  sampleJwtMode,
  type HybridSample,
  type ModeSample,
} from "@/lib/lab/other-mode-samples";
import { sessionStoreStats } from "@/lib/lab/session-store-stats";
import { sharedMeasurements } from "@/lib/lab/shared-measurement";
import type { SessionDto } from "@/lib/auth/session/types";
import { STORE_LABELS } from "@/lib/auth/mode";
import { describeDatabaseUrl } from "@/lib/db/describe-database-url";
import { inspectHybridTokenCookie, inspectSessionCookie } from "@/lib/lab/session-cookie-inspection";
import type { BenchResultsState } from "@/lib/lab/committed-results";
import { hybridRevocationHeadline, measuredRevocation } from "@/lib/lab/revocation-cells";
import { storeReadCells } from "@/lib/lab/store-read-cells";
import {
  formatMicroseconds,
  hybridBrowserCell,
  hybridExpiryCell,
  hybridOutageCell,
  hybridStateCell,
  hybridWorkCell,
} from "@/lib/lab/hybrid-cells";
import { loadClusterResults } from "@/lib/lab/committed-results";
import type { Cell } from "@/lib/lab/cell";
import { scalingCells } from "@/lib/lab/scaling-cells";

/** One claim, with a cell per mode: database, jwt and hybrid, in the table's column order. */
type ComparisonRow = { id: string; claim: string } & Record<SessionMode, Cell>;
export type Comparison = {
  mode: SessionMode;
  signedIn: boolean;
  rows: ComparisonRow[];
  /** The JWE header of this browser's token, or of one made for the comparison. */
  jweHeader?: Record<string, unknown>;
};

const micro = formatMicroseconds;

/** The `kid` of a JWE header, which Auth.js sets to a string; anything else names no key. */
function keyIdOf(header: Record<string, unknown> | undefined): string {
  return typeof header?.kid === "string" ? header.kid : "unknown";
}

function workCell(mode: Exclude<SessionMode, "hybrid">, current: CurrentSession, sample: ModeSample, isCurrent: boolean): Cell {
  const verifyUs = isCurrent ? current.trace.authMs * 1000 : sample.verifyUs;
  const queries = isCurrent ? current.trace.dbQueries : sample.dbQueries;
  const reissued = isCurrent
    ? current.trace.cookieReissued
      ? "cookie re-issued on this read"
      : "cookie not re-issued"
    : mode === "jwt"
      ? "the lean read re-issues the cookie only when the token is due for renewal; Auth.js's re-encrypts and re-sets it on every read"
      : "the row is written once per update age; Auth.js's read also re-sets the same token every time";
  const path = current.trace.path === "lean" ? "the lean read path" : "Auth.js's read path";
  return {
    headline: `${micro(verifyUs)} · ${queries} ${queries === 1 ? "query" : "queries"}`,
    detail: isCurrent
      ? `This request's whole session read, on ${path}; ${reissued}. Where the time went: below.`
      : `Not your mode: the verification step alone, measured just now in-process; ${reissued}.`,
    measured: true,
  };
}

type OtherModeSamples = { jwtSample: ModeSample; databaseSample: ModeSample | undefined; hybridSample: HybridSample };

/** What the other modes' cookies weigh and their verification costs, for this person or the sample one. */
async function sampleOtherModes(user: SessionDto["user"] | undefined, env: Env, cookieName: string): Promise<OtherModeSamples> {
  const [jwtSample, databaseSample, hybridSample] = await Promise.all([
    sampleJwtMode(user, env.authSecrets, cookieName, env.AUTH_SESSION_READ),
    sampleDatabaseMode(cookieName).catch(() => undefined),
    sampleHybridMode(user, env.authSecrets, env.secureCookies, env.AUTH_HYBRID_TOKEN_TTL),
  ]);
  return { jwtSample, databaseSample, hybridSample };
}

const samplesForSignedOutViews = sharedMeasurements<OtherModeSamples>();

/** The session-vs-token claims as rows of live values from this request and this server. */
export async function buildComparison(current: CurrentSession, bench: BenchResultsState): Promise<Comparison> {
  const env = getEnv();
  const cookieName = sessionCookieName(env.secureCookies);
  const { mode } = current;
  const session = current.status === "signed-in" ? current.session : null;
  const credential = current.status === "signed-in" ? current.credential : undefined;
  const ttl = env.AUTH_HYBRID_TOKEN_TTL;
  const [cookie, hybridToken, store, { jwtSample, databaseSample, hybridSample }, clusterResults] = await Promise.all([
    inspectSessionCookie(),
    inspectHybridTokenCookie(),
    // The store this browser's server sessions live in, or would (PostgreSQL, the default, for a token).
    sessionStoreStats(current.store ?? "postgres", session?.user.id),
    // For a signed-out view the samples use a stand-in person, so one run a minute serves every such view.
    session
      ? sampleOtherModes(session.user, env, cookieName)
      : samplesForSignedOutViews(cookieName, () => sampleOtherModes(undefined, env, cookieName)),
    loadClusterResults(),
  ]);
  const samples: Record<"database" | "jwt", ModeSample> = {
    jwt: jwtSample,
    database: databaseSample ?? { cookieHeaderBytes: 0, verifyUs: Number.NaN, dbQueries: 1 },
  };
  const liveCookie = cookie && session ? cookie : undefined;
  const browserCell = (cellMode: "database" | "jwt"): Cell =>
    cellMode === mode && liveCookie
      ? {
          headline: `${liveCookie.headerBytes} bytes, ${liveCookie.format === "jwe" ? "a JWE" : "an opaque token"}`,
          detail: `This browser's real ${liveCookie.name} cookie (${liveCookie.chunks} ${liveCookie.chunks === 1 ? "chunk" : "chunks"}), starting ${liveCookie.preview}`,
          measured: true,
        }
      : {
          headline: `${samples[cellMode].cookieHeaderBytes} bytes, ${cellMode === "jwt" ? "a JWE" : "an opaque token"}`,
          detail: session
            ? `What your cookie would weigh in this mode, made just now with your claims.`
            : `What a cookie would weigh in this mode (sign in to see your own).`,
          measured: true,
        };

  const tokenExpiry = credential?.kind === "token" && credential.claims.exp ? new Date(credential.claims.exp * 1000) : undefined;
  const renewal = renewalIntervalSeconds(env.AUTH_JWT_MAX_AGE);
  const rowExpiry = credential?.kind === "session" ? credential.expires : undefined;
  const revocation = {
    database: measuredRevocation(clusterResults, "database"),
    jwt: measuredRevocation(clusterResults, "jwt"),
    hybrid: measuredRevocation(clusterResults, "hybrid"),
  };
  const nextRowWrite = rowExpiry && nextExpiryExtension(rowExpiry, sessionLifetime("database", env.AUTH_JWT_MAX_AGE));

  const rows: ComparisonRow[] = [
    {
      id: "state",
      claim: "Where the state lives",
      database: store.reachable
        ? {
            headline:
              store.store === "postgres"
                ? `${store.liveRowsLabel} live ${store.liveRowsLabel === "1" ? "row" : "rows"} in "Session"`
                : `${store.liveRowsLabel} live ${store.liveRowsLabel === "1" ? "session" : "sessions"} in ${STORE_LABELS[store.store]}`,
            detail: `On the server, in ${STORE_LABELS[store.store]}; ${store.yourRows} of them yours.`,
            measured: true,
          }
        : {
            headline: `${STORE_LABELS[store.store]} unreachable`,
            detail: "The session store did not answer just now.",
            measured: true,
          },
      jwt: {
        headline: "0 session rows",
        detail:
          "The claims travel in each browser's cookie. The server only notes which tokens it issued, for the devices list and the optional revocation check.",
        measured: true,
      },
      hybrid: hybridStateCell(store, ttl),
    },
    {
      id: "browser",
      claim: "What the browser holds",
      database: browserCell("database"),
      jwt: browserCell("jwt"),
      hybrid: hybridBrowserCell({
        live: mode === "hybrid",
        sessionCookie: liveCookie,
        token: hybridToken,
        sample: hybridSample,
        signedIn: session !== null,
        ttlSeconds: ttl,
      }),
    },
    {
      id: "work",
      claim: "Work per request",
      database: workCell("database", current, samples.database, mode === "database"),
      jwt: workCell("jwt", current, samples.jwt, mode === "jwt"),
      hybrid: hybridWorkCell(current, hybridSample, ttl),
    },
    { id: "store-reads", claim: "Store reads per request, under load", ...storeReadCells(bench, ttl) },
    {
      id: "revocation",
      claim: "What revocation does",
      database: {
        headline: "Delete the row: signed out on the next request",
        detail: `${
          store.reachable
            ? `You have ${store.yourRows} revocable ${store.yourRows === 1 ? "session" : "sessions"} right now.`
            : "Needs the database."
        } ${revocation.database.sentence}`,
        measured: store.reachable,
      },
      jwt: {
        headline: tokenExpiry
          ? `Valid until ${tokenExpiry.toISOString()}`
          : `Valid until it expires (${formatDuration(env.AUTH_JWT_MAX_AGE)})`,
        detail: `Deleting rows cannot reach a token in a cookie: without the optional check (one read per request) it works until it expires. ${revocation.jwt.sentence}`,
        measured: tokenExpiry !== undefined,
        link: { href: "/devices", label: "Revoke a token and watch" },
      },
      hybrid: {
        headline: hybridRevocationHeadline(ttl, revocation.hybrid),
        detail: `Revoking deletes the session; the device's token still answers reads until it expires (the browser drops it then; a copied token is accepted up to ${formatDuration(HYBRID_CLOCK_TOLERANCE_SECONDS)} longer, for clock skew between servers), and its next refresh finds no session. ${revocation.hybrid.sentence}`,
        measured: revocation.hybrid.measured,
        link: { href: "/devices", label: "Revoke a device and watch" },
      },
    },
    {
      id: "scaling",
      claim: "Behind a load balancer",
      ...scalingCells(clusterResults, current, session !== null, {
        instanceName: env.LAB_INSTANCE_NAME,
        databaseWhere: describeDatabaseUrl(env.DATABASE_URL),
        tokenKeyId: keyIdOf(liveCookie?.jweHeader ?? jwtSample.jweHeader).slice(0, 16),
      }),
    },
    {
      id: "outage",
      claim: "When the database is down",
      database: {
        headline: store.reachable ? `Up now (ping ${store.pingMs.toFixed(2)} ms)` : "Down now",
        detail: "If it goes down, no one can be authenticated: every read needs the row.",
        measured: true,
      },
      jwt: {
        headline: "Authentication goes on",
        detail: "The token is checked with the secret alone; sign-in, sign-up and magic links still need the database.",
        measured: false,
      },
      hybrid: hybridOutageCell(store, ttl),
    },
    {
      id: "expiry",
      claim: "Expiry and renewal",
      database: {
        headline: `max age ${formatDuration(SESSION_MAX_AGE_SECONDS)}, update age ${formatDuration(SESSION_UPDATE_AGE_SECONDS)}`,
        detail: nextRowWrite
          ? `This row's expiry is next pushed back after ${nextRowWrite.toISOString()}.`
          : "The row's expiry is pushed back at most once per update age.",
        measured: nextRowWrite !== undefined,
      },
      jwt: {
        headline: `max age ${formatDuration(env.AUTH_JWT_MAX_AGE)}, renewed once ${formatDuration(renewal)} old, after a live grant check`,
        detail: `${tokenExpiry ? `This token expires ${tokenExpiry.toISOString()}. ` : ""}A read of a younger token keeps its expiry; pages cannot set cookies, so an open page asks for renewal in the background every ${formatDuration(renewal)}.`,
        measured: tokenExpiry !== undefined,
      },
      hybrid: hybridExpiryCell(
        ttl,
        mode === "hybrid" ? hybridToken : null,
        `The session behind it is extended as database mode's is, at most once per ${formatDuration(SESSION_UPDATE_AGE_SECONDS)}.`,
      ),
    },
  ];
  return { mode, signedIn: session !== null, rows, jweHeader: liveCookie?.jweHeader ?? jwtSample.jweHeader };
}
