import "server-only";
import type pg from "pg";
import { z } from "zod";
import { databasePool } from "@/lib/db/client";
import { callSessionStore } from "@/lib/db/store-unavailable";
import { sessionStoreWithinLock } from "@/lib/auth/stores";
import { EPOCH_COLUMNS, epochOfRow, issueTimeAfter, type CredentialEpoch } from "@/lib/auth/stores/credential-epoch";
import { assertRecordId, type SessionStore, type SessionStoreName, type SessionUser } from "@/lib/auth/stores/session-store";

/** A person whose row this transaction holds locked: issuing and revoking their credentials run one at a time. */
export type LockedPerson = {
  user: SessionUser;
  epoch: CredentialEpoch;
  /** The connection that holds the lock: every PostgreSQL write of the locked work goes through it, in its transaction. */
  connection: pg.PoolClient;
  /** The store to write in while the lock is held (PostgreSQL through `connection`). */
  store(name: SessionStoreName): SessionStore;
  /** When the lock was taken, by the database's clock: the one clock every instance's issues and revocations are stamped with. */
  lockedAt: Date;
  /** When a credential issued now counts as issued: the lock's time, never before the epoch. */
  issueTime(): Date;
};

const userRowSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  image: z.string().nullable(),
});

const lockClockSchema = z.object({ now: z.date() });

/**
 * Runs `work` in one transaction holding the person's User row (SELECT … FOR NO KEY UPDATE): a credential is
 * issued, and credentials are revoked, in one order per person, so one issued while a revocation runs waits
 * for it and then sees its epoch. FOR NO KEY UPDATE rather than FOR UPDATE: a Session insert's foreign-key
 * check (FOR KEY SHARE) does not wait on it. `work` must use `connection` for PostgreSQL: another connection
 * from the pool could be the one the pool has left. A failure rolls everything back; an outage throws
 * SessionStoreUnavailableError.
 */
export async function withPersonLocked<T>(userId: string, work: (person: LockedPerson) => Promise<T>): Promise<T> {
  const connection = await callSessionStore(() => databasePool().connect());
  let result: T;
  try {
    await callSessionStore(() => connection.query("BEGIN"));
    const { rows } = await callSessionStore(() =>
      connection.query({
        name: "lab-lock-person",
        text: `SELECT u.id, u.name, u.email, u.image, ${EPOCH_COLUMNS} FROM "User" u WHERE u.id = $1 FOR NO KEY UPDATE`,
        values: [assertRecordId(userId, "user")],
      }),
    );
    if (rows.length === 0) throw new Error("A credential was asked for a person who does not exist");
    const epoch = epochOfRow(rows[0]);
    // Read once the lock is held: a holder's time is then never before an earlier holder's, whatever the instances' clocks say.
    const { rows: clock } = await callSessionStore(() =>
      connection.query({ name: "lab-lock-clock", text: "SELECT clock_timestamp() AS now" }),
    );
    const lockedAt = lockClockSchema.parse(clock[0]).now;
    result = await work({
      user: userRowSchema.parse(rows[0]),
      epoch,
      connection,
      store: (name) => sessionStoreWithinLock(name, connection),
      lockedAt,
      issueTime: () => issueTimeAfter(epoch, lockedAt.getTime()),
    });
    await callSessionStore(() => connection.query("COMMIT"));
  } catch (error) {
    // A connection that cannot even roll back is dropped (release with an error) rather than handed to the next caller.
    const rollbackFailure = await connection.query("ROLLBACK").then(
      () => undefined,
      (failure: unknown) => (failure instanceof Error ? failure : new Error("ROLLBACK failed")),
    );
    connection.release(rollbackFailure);
    throw error;
  }
  connection.release();
  return result;
}
