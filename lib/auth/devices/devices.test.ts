import { randomBytes, randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import {
  listDevices,
  revokeAllDevices,
  revokeAllDevicesInTransaction,
  revokeDevice,
  revokeOtherDevices,
} from "@/lib/auth/devices/devices";
import { isIssuedTokenLive, grantIsCurrent } from "@/lib/auth/stores/grants";
import { sessionStoreFor } from "@/lib/auth/stores";
import { SESSION_STORE_NAMES } from "@/lib/auth/mode";
import { hashSessionToken, newSessionToken } from "@/lib/auth/tokens/opaque-token";
import { PostgresOidcAdapter } from "@/lib/auth/oidc/adapter";

const inAnHour = () => new Date(Date.now() + 3_600_000);

/** One session of `userId` in each store, as a sign-in in that store would leave it. */
async function sessionInEveryStore(userId: string) {
  const now = new Date();
  return Promise.all(
    SESSION_STORE_NAMES.map(async (name) => {
      const store = sessionStoreFor(name);
      const tokenHash = hashSessionToken(newSessionToken());
      const user = { id: userId, name: null, email: null, image: null };
      const created = await store.create({
        tokenHash,
        user,
        expires: inAnHour(),
        authenticatedAt: now,
        lastActiveAt: now,
        userAgent: "curl/8.5.0",
        ipAddress: null,
      });
      return { store, tokenHash, id: created.id };
    }),
  );
}

async function personWithDevices() {
  const user = await prisma().user.create({ data: { email: `devices-${randomUUID()}@example.com` } });
  const sessions = await Promise.all(
    [1, 2].map((index) =>
      prisma().session.create({
        data: { userId: user.id, sessionToken: `${user.id}-${index}`, expires: inAnHour(), userAgent: "curl/8.5.0" },
      }),
    ),
  );
  const tokens = await Promise.all(
    [1, 2].map(() => prisma().issuedToken.create({ data: { userId: user.id, expiresAt: inAnHour() } })),
  );
  return { userId: user.id, sessions, tokens };
}

let a: Awaited<ReturnType<typeof personWithDevices>>;
let b: Awaited<ReturnType<typeof personWithDevices>>;

beforeEach(async () => {
  [a, b] = await Promise.all([personWithDevices(), personWithDevices()]);
});

describe("devices", () => {
  it("lists both kinds and marks the current one", async () => {
    const { devices, unreachableStores } = await listDevices(a.userId, { sessionRowId: a.sessions[0]!.id });
    expect(unreachableStores).toEqual([]);
    expect(devices).toHaveLength(4);
    expect(devices.filter((device) => device.current).map((device) => device.id)).toEqual([a.sessions[0]!.id]);
    expect(devices.find((device) => device.kind === "session")?.browser).toBe("curl 8");
  });

  it("refuses to revoke another person's session or token, and unknown ids", async () => {
    expect(await revokeDevice(a.userId, "session", b.sessions[0]!.id)).toBe(false);
    expect(await revokeDevice(a.userId, "token", b.tokens[0]!.id)).toBe(false);
    expect(await revokeDevice(a.userId, "session", "cnosuchsession00000000000")).toBe(false);
    expect(await prisma().session.count({ where: { userId: b.userId } })).toBe(2);
    expect(await isIssuedTokenLive(b.tokens[0]!.id)).toBe(true);
  });

  it("revokes one's own: a session row goes, a token is marked and fails the check", async () => {
    expect(await revokeDevice(a.userId, "session", a.sessions[1]!.id)).toBe(true);
    expect(await revokeDevice(a.userId, "token", a.tokens[1]!.id)).toBe(true);
    expect(await prisma().session.findUnique({ where: { id: a.sessions[1]!.id } })).toBeNull();
    expect(await isIssuedTokenLive(a.tokens[1]!.id)).toBe(false);
    expect(await isIssuedTokenLive(a.tokens[0]!.id)).toBe(true);
  });

  it("revokes all others but this device, in either mode", async () => {
    expect(await revokeOtherDevices(a.userId, { tokenSid: a.tokens[0]!.id })).toBe(3);
    expect(await isIssuedTokenLive(a.tokens[0]!.id)).toBe(true);
    expect(await prisma().session.count({ where: { userId: a.userId } })).toBe(0);
    expect(await revokeOtherDevices(b.userId, { sessionRowId: b.sessions[0]!.id })).toBe(3);
    expect((await prisma().session.findMany({ where: { userId: b.userId } })).map((row) => row.id)).toEqual([b.sessions[0]!.id]);
  });

  it("signs out everywhere", async () => {
    expect(await revokeAllDevices(a.userId)).toBe(4);
    expect((await listDevices(a.userId, {})).devices).toEqual(
      expect.arrayContaining([
        expect.objectContaining<{ kind: string; revokedAt: unknown }>({ kind: "token", revokedAt: expect.any(Date) }),
      ]),
    );
    expect(await prisma().session.count({ where: { userId: b.userId } })).toBe(2);
  });

  it("fails the check for tokens without a sid, and grants past 30 days", async () => {
    expect(await isIssuedTokenLive(undefined)).toBe(false);
    expect(await isIssuedTokenLive("")).toBe(false);
    const now = Date.now();
    expect(grantIsCurrent(now / 1000 - 60, now)).toBe(true);
    expect(grantIsCurrent(now / 1000 - 31 * 86_400, now)).toBe(false);
    expect(grantIsCurrent(undefined, now)).toBe(false);
  });

  it("lists, revokes and signs out sessions in every store", async () => {
    const mine = await sessionInEveryStore(a.userId);
    const theirs = await sessionInEveryStore(b.userId);
    const listed = await listDevices(a.userId, { sessionRowId: mine[0]!.id });
    expect(
      listed.devices
        .filter((device) => device.kind === "session")
        .map((device) => device.store)
        .sort(),
    ).toEqual(["memory", "postgres", "postgres", "postgres", "redis"]);
    // Someone else's session in any store is not theirs to revoke.
    for (const other of theirs) expect(await revokeDevice(a.userId, "session", other.id)).toBe(false);
    expect(await revokeDevice(a.userId, "session", mine[1]!.id)).toBe(true);
    expect(await mine[1]!.store.findByHash(mine[1]!.tokenHash)).toBeUndefined();
    // Everything but this device goes, in every store; the other person's stay.
    expect(await revokeOtherDevices(a.userId, { sessionRowId: mine[0]!.id })).toBe(1 + 2 + 2);
    expect(await mine[0]!.store.findByHash(mine[0]!.tokenHash)).toBeDefined();
    expect(await mine[2]!.store.findByHash(mine[2]!.tokenHash)).toBeUndefined();
    for (const other of theirs) expect(await other.store.findByHash(other.tokenHash)).toBeDefined();
    expect(await revokeAllDevices(b.userId)).toBe(2 + 3 + 2);
    for (const other of theirs) expect(await other.store.findByHash(other.tokenHash)).toBeUndefined();
  });
});

/** A grant of `accountId` to the command-line tool and its refresh token, stored as oidc-provider stores them. */
async function oauthGrant(accountId: string) {
  const [grantId, refreshToken] = [randomBytes(32).toString("base64url"), randomBytes(32).toString("base64url")];
  const iat = Math.floor(Date.now() / 1000) - 60;
  const payload = { accountId, clientId: "lab-cli", iat, exp: iat + 86_400 };
  await new PostgresOidcAdapter("Grant").upsert(grantId, { ...payload, jti: grantId, openid: { scope: "openid" } }, 86_400);
  await new PostgresOidcAdapter("RefreshToken").upsert(refreshToken, { ...payload, grantId }, 3600);
  return {
    grantId,
    refreshTokenGone: async () => (await new PostgresOidcAdapter("RefreshToken").find(refreshToken)) === undefined,
  };
}

describe("OAuth grants beside the devices", () => {
  it("lists the person's grants, and ends them all with the other devices or everywhere", async () => {
    const [mine, theirs] = [await oauthGrant(a.userId), await oauthGrant(b.userId)];
    expect((await listDevices(a.userId, {})).grants.map((grant) => grant.id)).toEqual([mine.grantId]);

    // A browser keeps itself; a token client never does.
    expect(await revokeOtherDevices(a.userId, { sessionRowId: a.sessions[0]!.id })).toBe(1 + 2 + 1);
    expect((await listDevices(a.userId, {})).grants).toEqual([]);
    expect(await mine.refreshTokenGone()).toBe(true);
    expect(await theirs.refreshTokenGone()).toBe(false);

    expect(await revokeAllDevices(b.userId)).toBe(2 + 2 + 1);
    expect(await theirs.refreshTokenGone()).toBe(true);

    // A sign-in link that voids a password chosen by someone else: in the transaction that holds the person's row.
    const later = await oauthGrant(a.userId);
    const revoked = await prisma().$transaction(async (transaction) => {
      await transaction.user.update({ where: { id: a.userId }, data: { passwordHash: null } });
      return revokeAllDevicesInTransaction(transaction, a.userId);
    });
    expect(revoked).toBe(1 + 1);
    expect(await later.refreshTokenGone()).toBe(true);
  });
});
