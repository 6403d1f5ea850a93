import "server-only";
import { prisma } from "@/lib/db/client";

export type SessionStoreStats = { reachable: true; pingMs: number; liveRows: number; yourRows: number } | { reachable: false };

/** How many sessions the server holds right now, and whether the store answers at all. */
export async function sessionStoreStats(userId: string | undefined): Promise<SessionStoreStats> {
  try {
    const started = performance.now();
    await prisma().$queryRaw`SELECT 1`;
    const pingMs = performance.now() - started;
    const now = new Date();
    const [liveRows, yourRows] = await Promise.all([
      prisma().session.count({ where: { expires: { gt: now } } }),
      userId ? prisma().session.count({ where: { userId, expires: { gt: now } } }) : Promise.resolve(0),
    ]);
    return { reachable: true, pingMs, liveRows, yourRows };
  } catch {
    return { reachable: false };
  }
}
