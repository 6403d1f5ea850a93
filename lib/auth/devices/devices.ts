import "server-only";
import { prisma } from "@/lib/db/client";
import { callSessionStore, SessionStoreUnavailableError } from "@/lib/db/store-unavailable";
import { describeUserAgent } from "@/lib/auth/devices/user-agent";
import { databaseSessionEndsAt } from "@/lib/auth/session-lifetime";
import { configuredSessionStores } from "@/lib/auth/stores";
import type { SessionStore, SessionStoreName, StoredSession } from "@/lib/auth/stores/session-store";

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

/** What the devices page shows: the person's devices, and the stores that did not answer (their sessions are missing). */
export type DeviceList = { devices: Device[]; unreachableStores: SessionStoreName[] };

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
 * Every live credential of one person: sessions in every store, and issued tokens (revoked ones too, until
 * their grant ends). PostgreSQL not answering is an outage; another store not answering is named instead.
 */
export async function listDevices(userId: string, current: CurrentDevice): Promise<DeviceList> {
  const now = new Date();
  const [stored, tokens] = await Promise.all([
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

type Database = Pick<ReturnType<typeof prisma>, "session" | "issuedToken">;

/**
 * Revokes every credential of the person except the one this request used, in every store: the others
 * first, then PostgreSQL's sessions and the token grants inside `db`'s transaction, if given.
 */
export async function revokeOtherDevices(userId: string, current: CurrentDevice, db: Database = prisma()): Promise<number> {
  const exceptId = current.sessionRowId;
  let revoked = 0;
  for (const store of storesBesidePostgres()) revoked += await store.deleteAllForUser(userId, { exceptId });
  // Spelled out: a `not: undefined` filter would silently match this device too.
  const sessionWhere = exceptId ? { userId, NOT: { id: exceptId } } : { userId };
  const tokenWhere = current.tokenSid ? { userId, revokedAt: null, NOT: { id: current.tokenSid } } : { userId, revokedAt: null };
  return callSessionStore(async () => {
    const sessions = await db.session.deleteMany({ where: sessionWhere });
    const tokens = await db.issuedToken.updateMany({ where: tokenWhere, data: { revokedAt: new Date() } });
    return revoked + sessions.count + tokens.count;
  });
}

/** Revokes every credential of the person, this device's included. */
export async function revokeAllDevices(userId: string): Promise<number> {
  return callSessionStore(() => prisma().$transaction((transaction) => revokeOtherDevices(userId, {}, transaction)));
}
