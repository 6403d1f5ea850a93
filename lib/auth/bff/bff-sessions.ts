import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { setTimeout as wait } from "node:timers/promises";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import type { BffSession } from "@/lib/generated/prisma/client";
import { sessionKeyRing } from "@/lib/auth/tokens/keys";
import { openSessionTokenExplained } from "@/lib/auth/tokens/open";
import { sealSessionToken } from "@/lib/auth/tokens/seal";
import {
  describeFailure,
  isGrantRefused,
  refreshTokens,
  revokeRefreshToken,
  type SiteOrigin,
  type TokenResponse,
} from "@/lib/auth/bff/provider-client";

// The tokens the site holds for a browser whose only credential is the `lab-bff` cookie: one BffSession row each,
// found by the cookie's SHA-256, both tokens sealed with the site's key so that a database dump holds none.

/** How long the one refreshing request may hold the refresh before another may try (a crashed server's claim lapses). */
const REFRESH_CLAIM_MS = 15_000;
/** How often a request whose access token has run out looks for the token another request is refreshing. */
const REFRESH_WAIT_STEP_MS = 100;
/** When the provider leaves out expires_in: assume a short life, so a refresh comes early rather than late. */
const FALLBACK_ACCESS_TOKEN_SECONDS = 60;

export type BffTokenRead =
  | { status: "signed-in"; accessToken: string; expiresAt: Date }
  | { status: "signed-out" }
  /** The access token has run out and the provider did not answer the refresh: an outage, not a sign-out. */
  | { status: "provider-unavailable" };

const SIGNED_OUT = { status: "signed-out" } as const;

const idHashOf = (cookieValue: string) => createHash("sha256").update(cookieValue).digest("base64url");

/** Keys of their own (HKDF from AUTH_SECRET with this label), so nothing sealed for another purpose opens here. */
const tokenKeys = () => sessionKeyRing(getEnv().authSecrets, "lab-bff tokens");

const seal = (token: string, until: Date) => sealSessionToken({ token }, tokenKeys(), Math.floor(until.getTime() / 1000));

function unseal(sealed: string): string | undefined {
  const opened = openSessionTokenExplained(sealed, tokenKeys(), Date.now() / 1000, { clockToleranceSeconds: 0 });
  return "claims" in opened && typeof opened.claims.token === "string" ? opened.claims.token : undefined;
}

/**
 * Refresh once two thirds of the access token's life have passed, or 30 s before it ends, whichever is later: early
 * enough that a slow refresh does not leave a gap, late enough that a 10-second token is not refreshed on every call.
 */
function refreshDueAt(issuedAt: Date, lifetimeSeconds: number): Date {
  const dueAfterSeconds = Math.max(lifetimeSeconds - 30, (lifetimeSeconds * 2) / 3);
  return new Date(issuedAt.getTime() + dueAfterSeconds * 1000);
}

/** The refresh token's end as far as the site knows: its idle lifetime from now, never past the chain's absolute end. */
function sessionEnd(createdAt: Date, now: Date): Date {
  const { OIDC_REFRESH_TOKEN_IDLE_TTL } = getEnv();
  return new Date(Math.min(now.getTime() + OIDC_REFRESH_TOKEN_IDLE_TTL * 1000, absoluteEnd(createdAt).getTime()));
}

/** No refresh chain outlives this, so neither does the cookie. */
const absoluteEnd = (createdAt: Date) => new Date(createdAt.getTime() + getEnv().OIDC_REFRESH_TOKEN_ABSOLUTE_TTL * 1000);

/** The columns a token response fills; a refresh that brings no new refresh token keeps the current one. */
function tokenColumns(tokens: TokenResponse, createdAt: Date, currentRefreshToken?: string) {
  const now = new Date();
  const lifetimeSeconds = tokens.expiresIn() ?? FALLBACK_ACCESS_TOKEN_SECONDS;
  const expiresAt = sessionEnd(createdAt, now);
  const refreshToken = tokens.refresh_token ?? currentRefreshToken;
  if (!refreshToken) throw new Error("The provider issued no refresh token: offline_access was not granted");
  return {
    accessToken: seal(tokens.access_token, expiresAt),
    refreshToken: seal(refreshToken, expiresAt),
    accessTokenExpiresAt: new Date(now.getTime() + lifetimeSeconds * 1000),
    refreshDueAt: refreshDueAt(now, lifetimeSeconds),
    expiresAt,
  };
}

/** Keeps a signed-in browser's tokens; answers the cookie value (random, 256 bits) that finds them, and when it ends. */
export async function createBffSession(tokens: TokenResponse): Promise<{ cookieValue: string; expires: Date }> {
  const cookieValue = randomBytes(32).toString("base64url");
  const createdAt = new Date();
  await prisma().bffSession.create({ data: { idHash: idHashOf(cookieValue), createdAt, ...tokenColumns(tokens, createdAt) } });
  return { cookieValue, expires: absoluteEnd(createdAt) };
}

/** Forgets a browser's tokens without asking the provider: a newer sign-in in the same browser may share their grant. */
export async function forgetBffSession(cookieValue: string): Promise<void> {
  await prisma().bffSession.deleteMany({ where: { idHash: idHashOf(cookieValue) } });
}

const findLive = (idHash: string) => prisma().bffSession.findFirst({ where: { idHash, expiresAt: { gt: new Date() } } });

/**
 * Claims the refresh for this request alone, and answers the row as it is now (its latest refresh token): one
 * UPDATE … WHERE, which PostgreSQL re-checks on the locked row, so of concurrent requests exactly one matches. Two
 * refreshes with one refresh token would look like theft to the provider, which would end the grant. No transaction
 * is held open across the call to the provider.
 */
async function claimRefresh(idHash: string, now: Date, force: boolean): Promise<BffSession | undefined> {
  const [claimed] = await prisma().bffSession.updateManyAndReturn({
    where: {
      idHash,
      ...(force ? {} : { refreshDueAt: { lte: now } }),
      OR: [{ refreshingUntil: null }, { refreshingUntil: { lt: now } }],
    },
    data: { refreshingUntil: new Date(now.getTime() + REFRESH_CLAIM_MS) },
  });
  return claimed;
}

function signedIn(row: BffSession): BffTokenRead {
  const accessToken = unseal(row.accessToken);
  return accessToken ? { status: "signed-in", accessToken, expiresAt: row.accessTokenExpiresAt } : SIGNED_OUT;
}

/** Runs the refresh this request claimed: stores the rotated tokens, or ends the session if the provider refused. */
async function refreshClaimed(site: SiteOrigin, row: BffSession): Promise<BffTokenRead> {
  const currentRefreshToken = unseal(row.refreshToken);
  if (!currentRefreshToken) {
    await prisma().bffSession.deleteMany({ where: { idHash: row.idHash } });
    return SIGNED_OUT;
  }
  let tokens: TokenResponse;
  try {
    tokens = await refreshTokens(site, currentRefreshToken);
  } catch (error) {
    if (isGrantRefused(error)) {
      // Revoked on the devices page, signed out everywhere, or expired: nothing left to refresh.
      await prisma().bffSession.deleteMany({ where: { idHash: row.idHash } });
      return SIGNED_OUT;
    }
    console.error(`[bff] A token refresh failed: ${describeFailure(error)}; the current token is kept`);
    await prisma().bffSession.updateMany({ where: { idHash: row.idHash }, data: { refreshingUntil: null } });
    return new Date() < row.accessTokenExpiresAt ? signedIn(row) : { status: "provider-unavailable" };
  }
  const columns = tokenColumns(tokens, row.createdAt, currentRefreshToken);
  const { count } = await prisma().bffSession.updateMany({
    where: { idHash: row.idHash },
    data: { ...columns, refreshingUntil: null },
  });
  if (count === 0) {
    // Signed out while the refresh ran: the new refresh token must not outlive the session.
    if (tokens.refresh_token) await revokeRefreshToken(site, tokens.refresh_token).catch(() => undefined);
    return SIGNED_OUT;
  }
  return { status: "signed-in", accessToken: tokens.access_token, expiresAt: columns.accessTokenExpiresAt };
}

/**
 * The access token for a browser's `lab-bff` cookie, refreshed first when it is due (or when `force` asks). Of concurrent
 * requests one refreshes; the others use the current token while it lasts, and past its end wait for the new one.
 */
export async function bffAccessToken(site: SiteOrigin, cookieValue: string, { force = false } = {}): Promise<BffTokenRead> {
  const idHash = idHashOf(cookieValue);
  const deadline = Date.now() + REFRESH_CLAIM_MS;
  for (let forceThisTime = force; ; forceThisTime = false) {
    const row = await findLive(idHash);
    if (!row) return SIGNED_OUT;
    const now = new Date();
    if (!forceThisTime && now < row.refreshDueAt) return signedIn(row);
    const claimed = await claimRefresh(idHash, now, forceThisTime);
    if (claimed) return refreshClaimed(site, claimed);
    if (now < row.accessTokenExpiresAt) return signedIn(row);
    if (Date.now() > deadline) return { status: "provider-unavailable" };
    await wait(REFRESH_WAIT_STEP_MS);
  }
}

/** Signs a browser's BFF session out: RFC 7009 revocation of its refresh token (and so its grant), then the row goes. */
export async function endBffSession(site: SiteOrigin, cookieValue: string): Promise<{ revoked: boolean }> {
  const idHash = idHashOf(cookieValue);
  const row = await findLive(idHash);
  const refreshToken = row && unseal(row.refreshToken);
  let revoked = false;
  if (refreshToken) {
    try {
      await revokeRefreshToken(site, refreshToken);
      revoked = true;
    } catch (error) {
      // The row goes anyway: nobody else holds this refresh token, and it lapses with its idle lifetime.
      console.error(`[bff] Revoking a refresh token failed: ${describeFailure(error)}`);
    }
  }
  await prisma().bffSession.deleteMany({ where: { idHash } });
  return { revoked };
}
