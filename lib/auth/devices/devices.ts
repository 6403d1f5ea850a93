import "server-only";
import { prisma } from "@/lib/db/client";
import { callSessionStore } from "@/lib/db/store-unavailable";
import { describeUserAgent } from "@/lib/auth/devices/user-agent";
import { databaseSessionEndsAt } from "@/lib/auth/session-lifetime";

export type DeviceKind = "session" | "token";

export type Device = {
  kind: DeviceKind;
  id: string;
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

/** Every live credential of one person: Session rows and issued tokens (revoked ones too, until their grant ends). */
export async function listDevices(userId: string, current: CurrentDevice): Promise<Device[]> {
  const now = new Date();
  const [sessions, tokens] = await callSessionStore(() =>
    Promise.all([
      prisma().session.findMany({ where: { userId, expires: { gt: now } }, orderBy: { createdAt: "desc" } }),
      prisma().issuedToken.findMany({ where: { userId, expiresAt: { gt: now } }, orderBy: { createdAt: "desc" } }),
    ]),
  );
  return [
    ...sessions.map((row) => ({
      kind: "session" as const,
      id: row.id,
      ...describeUserAgent(row.userAgent),
      ipAddress: row.ipAddress,
      createdAt: row.createdAt,
      lastActiveAt: row.lastActiveAt,
      expiresAt: databaseSessionEndsAt(row.expires, row.authenticatedAt),
      revokedAt: null,
      current: row.id === current.sessionRowId,
    })),
    ...tokens.map((row) => ({
      kind: "token" as const,
      id: row.id,
      ...describeUserAgent(row.userAgent),
      ipAddress: row.ipAddress,
      createdAt: row.createdAt,
      lastActiveAt: null,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      current: row.id === current.tokenSid,
    })),
  ];
}

/** Revokes one of the person's own credentials; false when it does not exist or is someone else's. */
export async function revokeDevice(userId: string, kind: DeviceKind, id: string): Promise<boolean> {
  return callSessionStore(async () => {
    if (kind === "session") {
      const { count } = await prisma().session.deleteMany({ where: { id, userId } });
      return count === 1;
    }
    const token = await prisma().issuedToken.findFirst({ where: { id, userId }, select: { revokedAt: true } });
    if (!token) return false;
    if (!token.revokedAt) await prisma().issuedToken.update({ where: { id }, data: { revokedAt: new Date() } });
    return true;
  });
}

type Database = Pick<ReturnType<typeof prisma>, "session" | "issuedToken">;

/** Revokes every credential of the person except the one this request used (inside `db`'s transaction, if given). */
export async function revokeOtherDevices(userId: string, current: CurrentDevice, db: Database = prisma()): Promise<number> {
  // Spelled out: a `not: undefined` filter would silently match this device too.
  const sessionWhere = current.sessionRowId ? { userId, NOT: { id: current.sessionRowId } } : { userId };
  const tokenWhere = current.tokenSid ? { userId, revokedAt: null, NOT: { id: current.tokenSid } } : { userId, revokedAt: null };
  return callSessionStore(async () => {
    const sessions = await db.session.deleteMany({ where: sessionWhere });
    const tokens = await db.issuedToken.updateMany({ where: tokenWhere, data: { revokedAt: new Date() } });
    return sessions.count + tokens.count;
  });
}

/** Revokes every credential of the person, this device's included. */
export async function revokeAllDevices(userId: string): Promise<number> {
  return callSessionStore(() => prisma().$transaction((transaction) => revokeOtherDevices(userId, {}, transaction)));
}
