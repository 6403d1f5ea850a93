import { createHash } from "node:crypto";
import { prisma } from "@/lib/db/client";

const SEED_EMAIL = "bench-seed@session-lab.invalid";
const BATCH = 100_000;

/** The stored token of seeded row `index`: deterministic, so lookups can pick random existing rows. */
export function seededToken(index: number): string {
  return createHash("sha256").update(`bench-seed-${index}`).digest("hex");
}

export async function countSessions(): Promise<number> {
  return prisma().session.count();
}

/** Grows the seeded rows to `target`, in set-based batches of 100,000 (one INSERT … SELECT each). */
export async function seedSessionsUpTo(target: number, onProgress: (done: number) => void): Promise<void> {
  const user = await prisma().user.upsert({
    where: { email: SEED_EMAIL },
    create: { email: SEED_EMAIL, name: "Benchmark seed" },
    update: {},
  });
  let done = await prisma().session.count({ where: { userId: user.id } });
  while (done < target) {
    const next = Math.min(target, done + BATCH);
    await prisma().$executeRaw`
      INSERT INTO "Session" ("id", "sessionToken", "userId", "expires", "updatedAt")
      SELECT 'bench-seed-' || g, encode(sha256(convert_to('bench-seed-' || g, 'UTF8')), 'hex'), ${user.id}, now() + interval '30 days', now()
      FROM generate_series(${done + 1}::int, ${next}::int) AS g`;
    done = next;
    onProgress(done);
  }
  await prisma().$executeRaw`ANALYZE "Session"`;
}

/** Removes every seeded row (and the seed user) so that runs do not accumulate. */
export async function removeSeededSessions(): Promise<void> {
  await prisma().user.deleteMany({ where: { email: SEED_EMAIL } });
}

/** VACUUM ANALYZE of the Session table: sets the new rows' hint bits and statistics, as a long-running table has them. */
export async function settleSessionTable(): Promise<void> {
  await prisma().$executeRawUnsafe('VACUUM (ANALYZE) "Session"');
}
