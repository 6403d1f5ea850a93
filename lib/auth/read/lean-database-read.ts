import "server-only";
import { z } from "zod";
import type { Env } from "@/lib/env";
import { databasePool } from "@/lib/db/client";
import { hashSessionToken } from "@/lib/auth/issue/token-hash";
import { retireDatabaseSession } from "@/lib/auth/devices/session-store";
import { databaseSessionEndsAt, grantEndsAt, LAST_ACTIVE_RESOLUTION_SECONDS, sessionLifetime } from "@/lib/auth/session-lifetime";
import { toSessionDto } from "@/lib/auth/read/session-dto";
import { timeStage, traceDbCall } from "@/lib/auth/read/session-read-trace";
import type { LeanReadAnswer, SessionCookieRead } from "@/lib/auth/read/lean-read-answer";
import { clearedSessionCookies, sessionSetCookies } from "@/lib/auth/read/session-cookie-value";

// Prisma stores DateTime as UTC `timestamp(3)`; AT TIME ZONE 'UTC' hands them to the driver as instants, whatever the server's zone.
const READ_SESSION = `
  SELECT s.id, s.expires AT TIME ZONE 'UTC' AS expires, s."authenticatedAt" AT TIME ZONE 'UTC' AS "authenticatedAt",
         s."lastActiveAt" AT TIME ZONE 'UTC' AS "lastActiveAt", u.id AS "userId", u.name, u.email, u.image
  FROM "Session" s JOIN "User" u ON u.id = s."userId"
  WHERE s."sessionToken" = $1`;

// One write for both things a read may need to record; a null parameter leaves that column alone.
const TOUCH_SESSION = `
  UPDATE "Session"
  SET "lastActiveAt" = COALESCE($2::timestamptz AT TIME ZONE 'UTC', "lastActiveAt"),
      expires = COALESCE($3::timestamptz AT TIME ZONE 'UTC', expires),
      "updatedAt" = now() AT TIME ZONE 'UTC'
  WHERE id = $1`;

const sessionRowSchema = z.object({
  id: z.string(),
  expires: z.date(),
  authenticatedAt: z.date(),
  lastActiveAt: z.date().nullable(),
  userId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  image: z.string().nullable(),
});
type SessionRow = z.infer<typeof sessionRowSchema>;

/** The one statement a database-mode read needs, by the stored hash; named, so each pooled connection parses and plans it once. */
export function querySessionRowByHash(tokenHash: string) {
  return databasePool().query({ name: "lab-read-session", text: READ_SESSION, values: [tokenHash] });
}

async function findSessionRow(token: string): Promise<SessionRow | undefined> {
  const tokenHash = timeStage("query", () => hashSessionToken(token));
  const result = await traceDbCall(() => querySessionRowByHash(tokenHash));
  return timeStage("mapping", () => (result.rows.length === 0 ? undefined : sessionRowSchema.parse(result.rows[0])));
}

/**
 * A database-mode read without Auth.js: one prepared statement (Session joined to User by the token's
 * hash), then the rules Auth.js and the lab's adapter apply, in the same order: a grant past its cap
 * or an expired row is deleted, "last active" is refreshed at most every few minutes, and the expiry
 * slides only once `updateAge` has passed. The cookie is re-issued only when the expiry moved.
 */
export async function readDatabaseSessionLean(cookie: SessionCookieRead, env: Env): Promise<LeanReadAnswer> {
  const { cookies, name, value } = cookie;
  const signedOut = (): LeanReadAnswer => ({
    status: "signed-out",
    sessionSetCookies: clearedSessionCookies(cookies, name, env.secureCookies),
  });
  const row = await findSessionRow(value);
  if (!row) return signedOut();
  const now = Date.now();
  if (grantEndsAt(row.authenticatedAt).getTime() <= now || row.expires.getTime() < now) {
    await traceDbCall(() => retireDatabaseSession(value));
    return signedOut();
  }
  const lifetime = sessionLifetime("database", env.AUTH_JWT_MAX_AGE);
  const extensionDue = row.expires.getTime() - (lifetime.maxAgeSeconds - lifetime.updateAgeSeconds) * 1000 <= now;
  const activityDue = !row.lastActiveAt || now - row.lastActiveAt.getTime() > LAST_ACTIVE_RESOLUTION_SECONDS * 1000;
  const newExpires = extensionDue ? new Date(now + lifetime.maxAgeSeconds * 1000) : undefined;
  if (extensionDue || activityDue) {
    const touched = [row.id, activityDue ? new Date(now).toISOString() : null, newExpires?.toISOString() ?? null];
    await traceDbCall(() => databasePool().query({ name: "lab-touch-session", text: TOUCH_SESSION, values: touched }));
  }
  // Auth.js answers with the expiry as read, capped by the grant, as the session callback does.
  const session = toSessionDto(
    { id: row.userId, name: row.name, email: row.email, image: row.image },
    databaseSessionEndsAt(row.expires, row.authenticatedAt),
  );
  const setCookies = newExpires
    ? timeStage("reissue", () => sessionSetCookies(cookies, name, value, { secure: env.secureCookies, expires: newExpires }))
    : [];
  return {
    status: "signed-in",
    session,
    credential: { kind: "session", sessionRowId: row.id, expires: row.expires },
    sessionSetCookies: setCookies,
  };
}
