import "server-only";
import type pg from "pg";
import { z } from "zod";
import { databasePool } from "@/lib/db/client";
import { callSessionStore } from "@/lib/db/store-unavailable";
import { assertRecordId, type SessionStore } from "@/lib/auth/stores/session-store";

/**
 * A person's credential epoch (User.credentialsValidAfter): a session or token grant issued before it is
 * refused, except the one credential the revoking device kept. It is how "sign out everywhere" reaches a
 * session in another server's memory, which no revocation can delete from here.
 */
export type CredentialEpoch = { validAfter: Date | null; keptId: string | null };

/** Whether a credential (a session or a token grant: its id and when it was issued) was revoked by the epoch. */
export function predatesEpoch(credential: { id: string; createdAt: Date }, epoch: CredentialEpoch): boolean {
  if (!epoch.validAfter || credential.id === epoch.keptId) return false;
  return credential.createdAt.getTime() < epoch.validAfter.getTime();
}

/** When a credential issued at `now` counts as issued: never before the epoch a revocation just set (one millisecond ahead). */
export function issueTimeAfter(epoch: CredentialEpoch, now: number): Date {
  return new Date(Math.max(now, epoch.validAfter?.getTime() ?? now));
}

/** The epoch a revocation sets at `now`: every credential issued up to this instant is before it. */
export function newEpochStart(now: number): Date {
  return new Date(now + 1);
}

const epochRowSchema = z.object({ validAfter: z.date().nullable(), keptId: z.string().nullable() });

/** SQL for the person's epoch, and with `lock` their row locked for the transaction (FOR NO KEY UPDATE, so Session inserts' key checks still pass). */
export const EPOCH_COLUMNS = `u."credentialsValidAfter" AT TIME ZONE 'UTC' AS "validAfter", u."credentialsKeptId" AS "keptId"`;

/** Parses an epoch from a row selected with EPOCH_COLUMNS. */
export function epochOfRow(row: unknown): CredentialEpoch {
  return epochRowSchema.parse(row);
}

type Queryable = Pick<pg.ClientBase, "query">;

/** The person's epoch from PostgreSQL, or undefined when the person is gone (their credentials with them). */
async function readCredentialEpoch(
  userId: string,
  db: () => Queryable = databasePool,
): Promise<CredentialEpoch | undefined> {
  const { rows } = await callSessionStore(() =>
    db().query({
      name: "lab-read-credential-epoch",
      text: `SELECT ${EPOCH_COLUMNS} FROM "User" u WHERE u.id = $1`,
      values: [assertRecordId(userId, "user")],
    }),
  );
  return rows.length === 0 ? undefined : epochOfRow(rows[0]);
}

/**
 * A store without a join to User (Redis, memory) with the epoch checked at every read: one PostgreSQL read
 * beside the store's own, since only shared state can carry another instance's revocation. A session the
 * epoch revoked is deleted where it is met.
 */
export function checkingCredentialEpoch(store: SessionStore, readEpoch = readCredentialEpoch): SessionStore {
  return {
    ...store,
    async findByHash(tokenHash) {
      const found = await store.findByHash(tokenHash);
      if (!found) return undefined;
      const epoch = await readEpoch(found.userId);
      if (epoch && !predatesEpoch(found, epoch)) return found;
      await store.deleteByHash(tokenHash);
      return undefined;
    },
    async listLive(userId) {
      const [sessions, epoch] = await Promise.all([store.listLive(userId), readEpoch(userId)]);
      return epoch ? sessions.filter((session) => !predatesEpoch(session, epoch)) : [];
    },
  };
}
