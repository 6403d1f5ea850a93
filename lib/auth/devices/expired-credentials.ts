import "server-only";
import { prisma } from "@/lib/db/client";
import { deleteStaleRateLimitBuckets } from "@/lib/auth/rate-limits/rate-limit";

export type CleanupReport = { sessions: number; issuedTokens: number; verificationTokens: number; rateLimitBuckets: number };

/** Deletes expired Session rows, ended token grants, unused sign-in links and stale rate-limit counters; live ones stay. */
export async function deleteExpiredCredentials(now = new Date()): Promise<CleanupReport> {
  const [sessions, issuedTokens, verificationTokens] = await prisma().$transaction([
    prisma().session.deleteMany({ where: { expires: { lt: now } } }),
    prisma().issuedToken.deleteMany({ where: { expiresAt: { lt: now } } }),
    prisma().verificationToken.deleteMany({ where: { expires: { lt: now } } }),
  ]);
  const rateLimitBuckets = await deleteStaleRateLimitBuckets(now);
  return {
    sessions: sessions.count,
    issuedTokens: issuedTokens.count,
    verificationTokens: verificationTokens.count,
    rateLimitBuckets,
  };
}

const EVERY_HOUR_MS = 60 * 60 * 1000;

/** Cleans up once now and then every hour, logging counts; a failure is logged and retried next time. */
export function scheduleExpiredCredentialCleanup() {
  const run = () =>
    deleteExpiredCredentials().then(
      (report) =>
        console.log(
          `[lab] Deleted expired credentials: ${report.sessions} sessions, ${report.issuedTokens} token grants, ${report.verificationTokens} sign-in links, ${report.rateLimitBuckets} rate-limit counters`,
        ),
      (error: unknown) =>
        console.error(
          `[lab] Expired-credential cleanup failed: ${error instanceof Error ? error.name : "error"}; retrying in an hour`,
        ),
    );
  void run();
  setInterval(() => void run(), EVERY_HOUR_MS).unref();
}
