import "server-only";
import { prisma } from "@/lib/db/client";
import { readRequestContext } from "@/lib/auth/request-context";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { traceDbCall } from "@/lib/lab/auth-trace";

/** Records a JWT being issued to this device and returns its id, the token's `sid` claim. */
export async function registerIssuedToken(userId: string): Promise<string> {
  const device = await readRequestContext();
  const row = await prisma().issuedToken.create({
    data: { userId, ...device, expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) },
  });
  return row.id;
}

/** The revocation check: one indexed read. A token without a sid, revoked, or past its grant is refused. */
export async function isIssuedTokenLive(sid: unknown): Promise<boolean> {
  if (typeof sid !== "string" || sid === "") return false;
  const row = await traceDbCall(() =>
    prisma().issuedToken.findUnique({ where: { id: sid }, select: { revokedAt: true, expiresAt: true } }),
  );
  return row !== null && row.revokedAt === null && row.expiresAt.getTime() > Date.now();
}

/** Whether a token's original sign-in (`authTime`, seconds) is within the grant's absolute lifetime. */
export function grantIsCurrent(authTime: unknown, now = Date.now()): boolean {
  return typeof authTime === "number" && now / 1000 - authTime < SESSION_MAX_AGE_SECONDS;
}

/** Marks a token's grant revoked (sign-out, mode switch); true when a live grant was revoked. */
export async function revokeIssuedToken(sid: unknown): Promise<boolean> {
  if (typeof sid !== "string" || sid === "") return false;
  const { count } = await prisma().issuedToken.updateMany({
    where: { id: sid, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}
