import "server-only";
import type pg from "pg";
import { z } from "zod";
import { databasePool } from "@/lib/db/client";
import { callSessionStore } from "@/lib/db/store-unavailable";
import { EPOCH_COLUMNS, epochOfRow, predatesEpoch } from "@/lib/auth/stores/credential-epoch";
import {
  assertRecordId,
  assertTokenHash,
  newSessionId,
  type SessionStore,
  type StoredSession,
  type StoredSessionWithUser,
} from "@/lib/auth/stores/session-store";

// Prisma stores DateTime as UTC `timestamp(3)`: AT TIME ZONE 'UTC' hands them to the driver as instants, and
// `$n::timestamptz AT TIME ZONE 'UTC'` turns a JavaScript instant back, whatever the server's zone.
const COLUMNS = `s.id, s."userId", s.expires AT TIME ZONE 'UTC' AS expires,
  s."authenticatedAt" AT TIME ZONE 'UTC' AS "authenticatedAt", s."lastActiveAt" AT TIME ZONE 'UTC' AS "lastActiveAt",
  s."createdAt" AT TIME ZONE 'UTC' AS "createdAt", s."userAgent", s."ipAddress"`;
const utc = (parameter: number) => `$${parameter}::timestamptz AT TIME ZONE 'UTC'`;

const sessionRowSchema = z.object({
  id: z.string(),
  userId: z.string(),
  expires: z.date(),
  authenticatedAt: z.date(),
  lastActiveAt: z.date().nullable(),
  createdAt: z.date(),
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
});
const sessionWithUserSchema = sessionRowSchema.extend({
  userName: z.string().nullable(),
  userEmail: z.string().nullable(),
  userImage: z.string().nullable(),
});

const toSessions = (rows: unknown[]): StoredSession[] => rows.map((row) => sessionRowSchema.parse(row));

/**
 * Sessions in today's "Session" table, joined to "User" for a read (which also brings the person's credential
 * epoch, for free); every statement named, so each connection plans it once. `pool` is the app's one pool
 * unless a test hands in its own (an isolated schema), or the connection that holds a person's lock.
 */
export function createPostgresSessionStore(pool: () => Pick<pg.ClientBase, "query"> = databasePool): SessionStore {
  const query = (name: string, text: string, values: unknown[]) => callSessionStore(() => pool().query({ name, text, values }));
  return {
    name: "postgres",

    async ping() {
      await query("lab-store-ping", "SELECT 1", []);
    },

    async create(session) {
      const { rows } = await query(
        "lab-store-create-session",
        `INSERT INTO "Session" AS s (id, "sessionToken", "userId", expires, "authenticatedAt", "lastActiveAt", "userAgent", "ipAddress", "createdAt", "updatedAt")
         VALUES ($1, $2, $3, ${utc(4)}, ${utc(5)}, ${utc(6)}, $7, $8, ${utc(9)}, now() AT TIME ZONE 'UTC')
         RETURNING ${COLUMNS}`,
        [
          // Prisma's @default(cuid()) runs in Prisma, not in the database: the id comes from here.
          newSessionId(),
          assertTokenHash(session.tokenHash),
          session.user.id,
          session.expires.toISOString(),
          session.authenticatedAt.toISOString(),
          session.lastActiveAt?.toISOString() ?? null,
          session.userAgent,
          session.ipAddress,
          (session.createdAt ?? new Date()).toISOString(),
        ],
      );
      const [created] = toSessions(rows);
      if (!created) throw new Error("INSERT … RETURNING returned no row");
      return created;
    },

    async findByHash(tokenHash) {
      const { rows } = await query(
        "lab-store-read-session",
        `SELECT ${COLUMNS}, u.name AS "userName", u.email AS "userEmail", u.image AS "userImage", ${EPOCH_COLUMNS}
         FROM "Session" s JOIN "User" u ON u.id = s."userId"
         WHERE s."sessionToken" = $1 AND s.expires > ${utc(2)}`,
        [assertTokenHash(tokenHash), new Date().toISOString()],
      );
      if (rows.length === 0) return undefined;
      // A session issued before the person's last "sign out everywhere" (or others) is refused, whatever else deleted it or not.
      if (predatesEpoch(sessionRowSchema.parse(rows[0]), epochOfRow(rows[0]))) return undefined;
      const { userName, userEmail, userImage, ...session } = sessionWithUserSchema.parse(rows[0]);
      const found: StoredSessionWithUser = {
        ...session,
        user: { id: session.userId, name: userName, email: userEmail, image: userImage },
      };
      return found;
    },

    async touch(tokenHash, changes) {
      const { rowCount } = await query(
        "lab-store-touch-session",
        `UPDATE "Session"
         SET "lastActiveAt" = COALESCE(${utc(2)}, "lastActiveAt"), expires = COALESCE(${utc(3)}, expires),
             "updatedAt" = now() AT TIME ZONE 'UTC'
         WHERE "sessionToken" = $1`,
        [assertTokenHash(tokenHash), changes.lastActiveAt?.toISOString() ?? null, changes.expires?.toISOString() ?? null],
      );
      return rowCount === 1;
    },

    async deleteByHash(tokenHash) {
      const { rows } = await query(
        "lab-store-delete-session-by-hash",
        `DELETE FROM "Session" s WHERE s."sessionToken" = $1 RETURNING ${COLUMNS}`,
        [assertTokenHash(tokenHash)],
      );
      return toSessions(rows)[0];
    },

    async deleteById(userId, id) {
      const { rowCount } = await query(
        "lab-store-delete-session-by-id",
        `DELETE FROM "Session" WHERE id = $1 AND "userId" = $2`,
        [assertRecordId(id, "session"), assertRecordId(userId, "user")],
      );
      return rowCount === 1;
    },

    async listLive(userId) {
      const { rows } = await query(
        "lab-store-list-sessions",
        `SELECT ${COLUMNS} FROM "Session" s WHERE s."userId" = $1 AND s.expires > ${utc(2)} ORDER BY s."createdAt" DESC, s.id`,
        [assertRecordId(userId, "user"), new Date().toISOString()],
      );
      return toSessions(rows);
    },

    async deleteAllForUser(userId, { exceptId } = {}) {
      // Spelled out: an undefined exception must match nothing, never every row.
      const { rowCount } = await query(
        "lab-store-delete-user-sessions",
        `DELETE FROM "Session" WHERE "userId" = $1 AND ($2::text IS NULL OR id <> $2::text)`,
        [assertRecordId(userId, "user"), exceptId === undefined ? null : assertRecordId(exceptId, "session")],
      );
      return rowCount ?? 0;
    },

    async countLive() {
      const { rows } = await query(
        "lab-store-count-sessions",
        `SELECT count(*)::int AS count FROM "Session" WHERE expires > ${utc(1)}`,
        [new Date().toISOString()],
      );
      return z.object({ count: z.number() }).parse(rows[0]).count;
    },

    async deleteExpired(now = new Date()) {
      const { rowCount } = await query("lab-store-delete-expired-sessions", `DELETE FROM "Session" WHERE expires < ${utc(1)}`, [
        now.toISOString(),
      ]);
      return rowCount ?? 0;
    },
  };
}
