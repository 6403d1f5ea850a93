import "server-only";
import { prisma } from "@/lib/db/client";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { traceDbCall } from "@/lib/auth/read/session-read-trace";

/** Where a token's grant stands: live, revoked (and not yet ended), or ended (past its cap, unknown, or no sid). */
export type GrantStanding = "live" | "revoked" | "ended";

/**
 * Reads a token's grant live: one indexed read; an outage throws SessionStoreUnavailableError. With
 * `readNeedsIt` false, a failure does not fail the session read in progress (it can do without the answer).
 */
export async function grantStanding(sid: unknown, { readNeedsIt = true } = {}): Promise<GrantStanding> {
  if (typeof sid !== "string" || sid === "") return "ended";
  const row = await traceDbCall(
    () => prisma().issuedToken.findUnique({ where: { id: sid }, select: { revokedAt: true, expiresAt: true } }),
    { readNeedsIt },
  );
  if (!row || row.expiresAt.getTime() <= Date.now()) return "ended";
  return row.revokedAt ? "revoked" : "live";
}

/** The revocation check: a token without a sid, revoked, or past its grant is refused. */
export async function isIssuedTokenLive(sid: unknown): Promise<boolean> {
  return (await grantStanding(sid)) === "live";
}

/** Whether a token's original sign-in (`authTime`, seconds) is within the grant's absolute lifetime. */
export function grantIsCurrent(authTime: unknown, now = Date.now()): boolean {
  return typeof authTime === "number" && now / 1000 - authTime < SESSION_MAX_AGE_SECONDS;
}

/** Marks a token's grant revoked (sign-out); true when a live grant was revoked. */
export async function revokeIssuedToken(sid: unknown): Promise<boolean> {
  if (typeof sid !== "string" || sid === "") return false;
  const { count } = await prisma().issuedToken.updateMany({
    where: { id: sid, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}

/**
 * Ends a live grant so that it can be exchanged for another credential, exactly once: one conditional
 * update, so of several parallel callers with the same token only one gets true.
 */
export async function consumeIssuedToken(sid: unknown): Promise<boolean> {
  if (typeof sid !== "string" || sid === "") return false;
  const now = new Date();
  const { count } = await prisma().issuedToken.updateMany({
    where: { id: sid, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now },
  });
  return count === 1;
}
