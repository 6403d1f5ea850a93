import "server-only";
import { prisma } from "@/lib/db/client";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { callSessionStore } from "@/lib/db/store-unavailable";
import { predatesEpoch } from "@/lib/auth/stores/credential-epoch";

/** Where a token's grant stands: live, revoked (and not yet ended), or ended (past its cap, unknown, or no sid). */
export type GrantStanding = "live" | "revoked" | "ended";

/** Reads a token's grant live (with its person's credential epoch): one indexed read; an outage throws SessionStoreUnavailableError. */
export async function grantStanding(sid: unknown): Promise<GrantStanding> {
  if (typeof sid !== "string" || sid === "") return "ended";
  const row = await callSessionStore(() =>
    prisma().issuedToken.findUnique({
      where: { id: sid },
      select: {
        id: true,
        createdAt: true,
        revokedAt: true,
        expiresAt: true,
        user: { select: { credentialsValidAfter: true, credentialsKeptId: true } },
      },
    }),
  );
  if (!row || row.expiresAt.getTime() <= Date.now()) return "ended";
  // A grant issued before the person's credential epoch is revoked even if no one marked it.
  const epoch = { validAfter: row.user.credentialsValidAfter, keptId: row.user.credentialsKeptId };
  return row.revokedAt || predatesEpoch(row, epoch) ? "revoked" : "live";
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
