import "server-only";
import { readStoreCall } from "@/lib/auth/session/read-context";
import type { JWT } from "next-auth/jwt";
import { SessionStoreUnavailableError } from "@/lib/db/store-unavailable";
import { grantIsCurrent, grantStanding } from "@/lib/auth/stores/grants";
import { renewalIntervalSeconds } from "@/lib/auth/session-lifetime";
import { tokenExpiresAt } from "@/lib/auth/tokens/seal";

const nowSeconds = () => Math.floor(Date.now() / 1000);

export type JwtReadPolicy = {
  /** AUTH_JWT_MAX_AGE, in seconds. */
  maxAgeSeconds: number;
  /** AUTH_JWT_REVOCATION_CHECK: look the grant up on every read, not only on renewal. */
  checkEveryRead: boolean;
};

/** Whether a read should renew this token: it is older than the renewal age (or never recorded one). */
function isRenewalDue(token: JWT, maxAgeSeconds: number, now = nowSeconds()): boolean {
  return typeof token.renewedAt !== "number" || now - token.renewedAt >= renewalIntervalSeconds(maxAgeSeconds);
}

/**
 * What a jwt-mode read does with a valid token: null (signed out) when its grant has ended or, where
 * the grant is looked up, was revoked; otherwise the token, renewed when due. A renewal always looks
 * the grant up, so a revoked token is never renewed and dies within AUTH_JWT_MAX_AGE of its revocation.
 */
export async function admitJwtRead(token: JWT, policy: JwtReadPolicy): Promise<JWT | null> {
  if (!grantIsCurrent(token.authTime)) return null;
  const due = isRenewalDue(token, policy.maxAgeSeconds);
  if (!policy.checkEveryRead && !due) return token;
  let standing;
  try {
    // Only the per-read check is something a read cannot do without; a renewal can wait.
    standing = await readStoreCall(() => grantStanding(token.sid), { readNeedsIt: policy.checkEveryRead });
  } catch (error) {
    if (policy.checkEveryRead || !(error instanceof SessionStoreUnavailableError)) throw error;
    // The store is down: not renewed, so the token still ends on time, but reads go on as the check-off mode promises.
    return token;
  }
  if (standing !== "live") return null;
  if (!due) return token;
  const renewed = { ...token, renewedAt: nowSeconds() };
  return { ...renewed, exp: tokenExpiresAt(renewed, policy.maxAgeSeconds) };
}
