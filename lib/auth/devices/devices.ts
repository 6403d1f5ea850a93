import "server-only";
import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { callSessionStore, SessionStoreUnavailableError } from "@/lib/db/store-unavailable";
import { describeUserAgent } from "@/lib/auth/devices/user-agent";
import { databaseSessionEndsAt } from "@/lib/auth/session-lifetime";
import { configuredSessionStores } from "@/lib/auth/stores";
import { withPersonLocked, type LockedPerson } from "@/lib/auth/stores/person-lock";
import { newEpochStart, predatesEpoch } from "@/lib/auth/stores/credential-epoch";
import type { SessionStore, SessionStoreName, StoredSession } from "@/lib/auth/stores/session-store";
import type { SessionCredential } from "@/lib/auth/session/types";
import { listGrants, revokeAllGrants, type OAuthGrant, type RunSql } from "@/lib/auth/oidc/grants";

export type DeviceKind = "session" | "token";

export type Device = {
  kind: DeviceKind;
  id: string;
  /** Where a session lives; null for a token, which lives in its cookie. */
  store: SessionStoreName | null;
  browser: string;
  os: string;
  ipAddress: string | null;
  createdAt: Date;
  lastActiveAt: Date | null;
  /** Session: the row's expiry, or its sign-in's end if sooner. Token: the end of its grant, the latest a copy can be renewed to. */
  expiresAt: Date;
  revokedAt: Date | null;
  current: boolean;
};

/** Which credential this request used: a Session row id, or a token's sid. */
export type CurrentDevice = { sessionRowId?: string; tokenSid?: string };

/** The device a credential belongs to, as the devices list and revocations name it. */
export function deviceOfCredential(credential: SessionCredential): CurrentDevice {
  return credential.kind === "session" ? { sessionRowId: credential.sessionRowId } : { tokenSid: credential.tokenSid };
}

/**
 * What the devices page shows: the person's browsers, the OAuth clients holding their grants, and the stores that
 * did not answer (their sessions are missing).
 */
export type DeviceList = { devices: Device[]; grants: OAuthGrant[]; unreachableStores: SessionStoreName[] };

function sessionDevice(session: StoredSession, store: SessionStoreName, current: CurrentDevice): Device {
  return {
    kind: "session",
    id: session.id,
    store,
    ...describeUserAgent(session.userAgent),
    ipAddress: session.ipAddress,
    createdAt: session.createdAt,
    lastActiveAt: session.lastActiveAt,
    expiresAt: databaseSessionEndsAt(session.expires, session.authenticatedAt),
    revokedAt: null,
    current: session.id === current.sessionRowId,
  };
}

/** Stores other than PostgreSQL, which a Prisma transaction cannot reach: they are cleared first, so a failure there stops the rest. */
const storesBesidePostgres = (): SessionStore[] => configuredSessionStores().filter((store) => store.name !== "postgres");

/**
 * Every live credential of one person: sessions in every store, issued tokens (revoked ones too, until their
 * grant ends), and OAuth grants. PostgreSQL not answering is an outage; another store not answering is named instead.
 */
export async function listDevices(userId: string, current: CurrentDevice): Promise<DeviceList> {
  const now = new Date();
  const [stored, tokens, grants] = await Promise.all([
    Promise.all(
      configuredSessionStores().map(async (store) => {
        try {
          return { store: store.name, sessions: await store.listLive(userId) };
        } catch (error) {
          if (store.name === "postgres" || !(error instanceof SessionStoreUnavailableError)) throw error;
          return { store: store.name, sessions: undefined };
        }
      }),
    ),
    callSessionStore(() =>
      prisma().issuedToken.findMany({ where: { userId, expiresAt: { gt: now } }, orderBy: { createdAt: "desc" } }),
    ),
    listGrants(userId),
  ]);
  const sessions = stored
    .flatMap(({ store, sessions: found }) => (found ?? []).map((session) => sessionDevice(session, store, current)))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return {
    devices: [
      ...sessions,
      ...tokens.map((row) => ({
        kind: "token" as const,
        id: row.id,
        store: null,
        ...describeUserAgent(row.userAgent),
        ipAddress: row.ipAddress,
        createdAt: row.createdAt,
        lastActiveAt: null,
        expiresAt: row.expiresAt,
        revokedAt: row.revokedAt,
        current: row.id === current.tokenSid,
      })),
    ],
    grants,
    unreachableStores: stored.filter(({ sessions: found }) => found === undefined).map(({ store }) => store),
  };
}

/** Revokes one of the person's own credentials; false when it does not exist or is someone else's. */
export async function revokeDevice(userId: string, kind: DeviceKind, id: string): Promise<boolean> {
  if (kind === "session") {
    // Ids are unique across stores; each store deletes only this person's own.
    for (const store of configuredSessionStores()) if (await store.deleteById(userId, id)) return true;
    return false;
  }
  return callSessionStore(async () => {
    const token = await prisma().issuedToken.findFirst({ where: { id, userId }, select: { revokedAt: true } });
    if (!token) return false;
    if (!token.revokedAt) await prisma().issuedToken.update({ where: { id }, data: { revokedAt: new Date() } });
    return true;
  });
}

/** Whether the device asking to revoke the others still holds a valid credential, read under the person's lock. */
async function currentStillValid(person: LockedPerson, current: CurrentDevice): Promise<boolean> {
  if (current.sessionRowId) {
    const { sessionRowId } = current;
    for (const store of configuredSessionStores()) {
      const found = (await person.store(store.name).listLive(person.user.id)).find((session) => session.id === sessionRowId);
      if (found) return !predatesEpoch(found, person.epoch);
    }
    return false;
  }
  if (!current.tokenSid) return false;
  const { rows } = await person.connection.query({
    name: "lab-current-grant",
    text: `SELECT id, "createdAt" AT TIME ZONE 'UTC' AS "createdAt" FROM "IssuedToken"
           WHERE id = $1 AND "userId" = $2 AND "revokedAt" IS NULL AND "expiresAt" > now() AT TIME ZONE 'UTC'`,
    values: [current.tokenSid, person.user.id],
  });
  const grant = rows.length === 1 ? grantRowSchema.parse(rows[0]) : undefined;
  return grant !== undefined && !predatesEpoch(grant, person.epoch);
}

const grantRowSchema = z.object({ id: z.string(), createdAt: z.date() });

/**
 * Revokes every credential of the person except the one this request used, in every store, and every OAuth
 * grant, while the person's row is locked: sets the person's credential epoch (which alone reaches sessions in
 * other servers' memory, and makes the provider refuse older grants), then deletes what this server can
 * reach. If this request's own credential was revoked meanwhile (by another device's "sign out everywhere"),
 * nothing is kept.
 */
export async function revokeOtherDevicesLocked(person: LockedPerson, current: CurrentDevice): Promise<number> {
  const keep = (current.sessionRowId ?? current.tokenSid) && (await currentStillValid(person, current)) ? current : {};
  const userId = person.user.id;
  const now = new Date();
  await person.connection.query({
    name: "lab-set-credential-epoch",
    text: `UPDATE "User" SET "credentialsValidAfter" = $2::timestamptz AT TIME ZONE 'UTC', "credentialsKeptId" = $3,
             "updatedAt" = now() AT TIME ZONE 'UTC' WHERE id = $1`,
    values: [userId, newEpochStart(person.lockedAt.getTime()).toISOString(), keep.sessionRowId ?? keep.tokenSid ?? null],
  });
  let revoked = 0;
  for (const store of storesBesidePostgres()) revoked += await store.deleteAllForUser(userId, { exceptId: keep.sessionRowId });
  revoked += await person.store("postgres").deleteAllForUser(userId, { exceptId: keep.sessionRowId });
  // Spelled out: an undefined exception must match nothing, never every grant.
  const tokens = await person.connection.query({
    name: "lab-revoke-other-grants",
    text: `UPDATE "IssuedToken" SET "revokedAt" = $3::timestamptz AT TIME ZONE 'UTC'
           WHERE "userId" = $1 AND "revokedAt" IS NULL AND ($2::text IS NULL OR id <> $2::text)`,
    values: [userId, keep.tokenSid ?? null, now.toISOString()],
  });
  const onLockedConnection: RunSql = async (text, values) =>
    (await person.connection.query<Record<string, unknown>>(text, values)).rows;
  return revoked + (tokens.rowCount ?? 0) + (await revokeAllGrants(userId, onLockedConnection));
}

/** Revokes every credential of the person except the one this request used (see revokeOtherDevicesLocked). */
export async function revokeOtherDevices(userId: string, current: CurrentDevice): Promise<number> {
  return withPersonLocked(userId, (person) => revokeOtherDevicesLocked(person, current));
}

/** Revokes every credential of the person, this device's included. */
export async function revokeAllDevices(userId: string): Promise<number> {
  return revokeOtherDevices(userId, {});
}

type Transaction = Parameters<Parameters<ReturnType<typeof prisma>["$transaction"]>[0]>[0];

/**
 * Revokes every credential of the person inside a Prisma transaction that already holds their row (it
 * updated it): the epoch, then every store and every OAuth grant. For a sign-in link that voids a password chosen by someone else.
 */
export async function revokeAllDevicesInTransaction(transaction: Transaction, userId: string): Promise<number> {
  const now = new Date();
  // The database's clock, as under withPersonLocked: the row is already held by this transaction's update.
  const [clock] = await transaction.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
  await transaction.user.update({
    where: { id: userId },
    data: { credentialsValidAfter: newEpochStart((clock?.now ?? now).getTime()), credentialsKeptId: null },
  });
  let revoked = 0;
  for (const store of storesBesidePostgres()) revoked += await store.deleteAllForUser(userId);
  const sessions = await transaction.session.deleteMany({ where: { userId } });
  const tokens = await transaction.issuedToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  const grants = await revokeAllGrants(userId, (text, values) => transaction.$queryRawUnsafe<unknown[]>(text, ...values));
  return revoked + sessions.count + tokens.count + grants;
}
