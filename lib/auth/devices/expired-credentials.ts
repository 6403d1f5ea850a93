import "server-only";
import { prisma } from "@/lib/db/client";
import { deleteStaleRateLimitBuckets } from "@/lib/auth/rate-limits/rate-limit";
import { configuredSessionStores } from "@/lib/auth/stores";

export type CleanupReport = {
  sessions: number;
  issuedTokens: number;
  bffSessions: number;
  verificationTokens: number;
  rateLimitBuckets: number;
  /** Session stores that did not answer: their expired sessions wait for the next run (each key's TTL ends them in Redis anyway). */
  unreachableStores: string[];
};

/** Deletes expired sessions in every store, ended token grants, unused sign-in links and stale rate-limit counters; live ones stay. */
export async function deleteExpiredCredentials(now = new Date()): Promise<CleanupReport> {
  let sessions = 0;
  const unreachableStores: string[] = [];
  for (const store of configuredSessionStores()) {
    try {
      sessions += await store.deleteExpired(now);
    } catch {
      unreachableStores.push(store.name);
    }
  }
  const [issuedTokens, bffSessions, verificationTokens] = await prisma().$transaction([
    prisma().issuedToken.deleteMany({ where: { expiresAt: { lt: now } } }),
    prisma().bffSession.deleteMany({ where: { expiresAt: { lt: now } } }),
    prisma().verificationToken.deleteMany({ where: { expires: { lt: now } } }),
  ]);
  const rateLimitBuckets = await deleteStaleRateLimitBuckets(now);
  return {
    sessions,
    issuedTokens: issuedTokens.count,
    bffSessions: bffSessions.count,
    verificationTokens: verificationTokens.count,
    rateLimitBuckets,
    unreachableStores,
  };
}

const EVERY_HOUR_MS = 60 * 60 * 1000;

/** Cleans up once now and then every hour, logging counts; a failure is logged and retried next time. */
export function scheduleExpiredCredentialCleanup() {
  const run = () =>
    deleteExpiredCredentials().then(
      (report) =>
        console.log(
          `[lab] Deleted expired credentials: ${report.sessions} sessions, ${report.issuedTokens} token grants, ${report.bffSessions} BFF sessions, ${report.verificationTokens} sign-in links, ${report.rateLimitBuckets} rate-limit counters${report.unreachableStores.length > 0 ? ` (not answering, left for the next run: ${report.unreachableStores.join(", ")})` : ""}`,
        ),
      (error: unknown) =>
        console.error(
          `[lab] Expired-credential cleanup failed: ${error instanceof Error ? error.name : "error"}; retrying in an hour`,
        ),
    );
  void run();
  setInterval(() => void run(), EVERY_HOUR_MS).unref();
}
