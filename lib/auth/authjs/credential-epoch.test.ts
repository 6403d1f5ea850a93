import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { envWith } from "@/lib/testing/env-with";
import { issueDatabaseSession, registerIssuedToken } from "@/lib/auth/session/issue";
import { sessionCookieName, MODE_COOKIE_NAME } from "@/lib/auth/cookies";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import { sealSessionToken } from "@/lib/auth/tokens/seal";
import { sessionKeyRing } from "@/lib/auth/tokens/keys";
import { readSession } from "@/lib/auth/authjs/read";
import { sessionStoreFor } from "@/lib/auth/stores";
import { SESSION_STORE_NAMES } from "@/lib/auth/mode";
import { createMemorySessionStore, emptyMemorySessions } from "@/lib/auth/stores/memory-session-store";
import { checkingCredentialEpoch } from "@/lib/auth/stores/credential-epoch";
import { grantStanding } from "@/lib/auth/stores/grants";
import { revokeAllDevices, revokeOtherDevices } from "@/lib/auth/devices/devices";
import { changePassword } from "@/lib/auth/passwords/change-password";
import { hashPassword } from "@/lib/auth/passwords/password";

const SECRET = "epoch-test-secret-that-is-long-enough-00000000";
const env = envWith({ AUTH_SECRET: SECRET, AUTH_JWT_REVOCATION_CHECK: "on", AUTH_HYBRID_TOKEN_TTL: "60" });
const COOKIE = sessionCookieName(false);

let userId: string;

beforeEach(async () => {
  userId = (await prisma().user.create({ data: { email: `epoch-${randomUUID()}@example.com`, name: "Epoch" } })).id;
});

/** Sets the person's epoch as a revocation that deletes nothing would: only the epoch can refuse what it left. */
async function setEpochOnly(validAfter = new Date(Date.now() + 1), keptId: string | null = null) {
  await prisma().user.update({ where: { id: userId }, data: { credentialsValidAfter: validAfter, credentialsKeptId: keptId } });
}

const headersFor = (mode: string, value: string) => new Headers({ cookie: `${MODE_COOKIE_NAME}=${mode}; ${COOKIE}=${value}` });

describe.each(SESSION_STORE_NAMES)("the credential epoch in the %s store", (storeName) => {
  const store = sessionStoreFor(storeName);
  const databaseMode = storeName === "postgres" ? "database" : `database:${storeName}`;
  const hybridMode = storeName === "postgres" ? "hybrid" : `hybrid:${storeName}`;

  it("refuses a session issued before it, on both read paths and in both modes, though the session was never deleted", async () => {
    const { value } = await issueDatabaseSession(userId, store);
    for (const mode of [databaseMode, hybridMode])
      for (const path of ["lean", "authjs"] as const)
        expect((await readSession(headersFor(mode, value), path, env)).status, `${mode} ${path}`).toBe("signed-in");

    await setEpochOnly();

    expect(await store.findByHash(hashSessionToken(value))).toBeUndefined();
    for (const mode of [databaseMode, hybridMode])
      for (const path of ["lean", "authjs"] as const)
        expect((await readSession(headersFor(mode, value), path, env)).status, `${mode} ${path}`).toBe("signed-out");
  });

  it("keeps the revoker's own session and any session issued after it", async () => {
    const { value: kept } = await issueDatabaseSession(userId, store);
    const keptId = (await store.findByHash(hashSessionToken(kept)))!.id;
    await setEpochOnly(new Date(Date.now() + 1), keptId);
    const { value: later } = await issueDatabaseSession(userId, store);
    expect(await store.findByHash(hashSessionToken(kept))).toMatchObject({ id: keptId });
    expect(await store.findByHash(hashSessionToken(later))).toBeDefined();
    expect((await store.listLive(userId)).map((session) => session.id)).toContain(keptId);
  });

  it("a session issued while the epoch is ahead of this clock still counts as issued after it", async () => {
    await setEpochOnly(new Date(Date.now() + 60_000));
    const { value } = await issueDatabaseSession(userId, store);
    expect(await store.findByHash(hashSessionToken(value))).toBeDefined();
  });
});

describe("revocations reach a session in another server's memory", () => {
  // Another instance's memory: nothing this process revokes can delete from it.
  const otherInstance = checkingCredentialEpoch(createMemorySessionStore(emptyMemorySessions()));
  const now = new Date();
  const sessionOnTheOtherInstance = async () => {
    const token = randomUUID();
    await otherInstance.create({
      tokenHash: hashSessionToken(token),
      user: { id: userId, name: null, email: null, image: null },
      expires: new Date(Date.now() + 3_600_000),
      authenticatedAt: now,
      lastActiveAt: now,
      userAgent: null,
      ipAddress: null,
    });
    return hashSessionToken(token);
  };

  it("sign out everywhere", async () => {
    const tokenHash = await sessionOnTheOtherInstance();
    expect(await otherInstance.findByHash(tokenHash)).toBeDefined();
    await revokeAllDevices(userId);
    expect(await otherInstance.findByHash(tokenHash)).toBeUndefined();
    expect(await otherInstance.listLive(userId)).toEqual([]);
  });

  it("sign out all other devices, keeping this one", async () => {
    const tokenHash = await sessionOnTheOtherInstance();
    const { value: mine } = await issueDatabaseSession(userId, sessionStoreFor("postgres"));
    const mineId = (await sessionStoreFor("postgres").findByHash(hashSessionToken(mine)))!.id;
    await revokeOtherDevices(userId, { sessionRowId: mineId });
    expect(await otherInstance.findByHash(tokenHash)).toBeUndefined();
    expect(await sessionStoreFor("postgres").findByHash(hashSessionToken(mine))).toMatchObject({ id: mineId });
  });

  it("a password change", async () => {
    await prisma().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword("the old passphrase 1") } });
    const tokenHash = await sessionOnTheOtherInstance();
    const result = await changePassword(userId, {}, "the old passphrase 1", "the new passphrase 2");
    expect(result.ok).toBe(true);
    expect(await otherInstance.findByHash(tokenHash)).toBeUndefined();
  });

  it("a revoker whose own session another device revoked meanwhile keeps nothing", async () => {
    const { value: mine } = await issueDatabaseSession(userId, sessionStoreFor("memory"));
    const mineId = (await sessionStoreFor("memory").findByHash(hashSessionToken(mine)))!.id;
    await setEpochOnly();
    await revokeOtherDevices(userId, { sessionRowId: mineId });
    expect(await sessionStoreFor("memory").findByHash(hashSessionToken(mine))).toBeUndefined();
  });
});

describe("the credential epoch in jwt mode", () => {
  const tokenFor = (sid: string) =>
    sealSessionToken(
      {
        sub: userId,
        name: "Epoch",
        email: null,
        sid,
        authTime: Math.floor(Date.now() / 1000),
        renewedAt: Math.floor(Date.now() / 1000),
      },
      sessionKeyRing([SECRET], COOKIE),
      Math.floor(Date.now() / 1000) + 600,
    );

  it("refuses a grant issued before it wherever the grant is looked up, though no one marked it revoked", async () => {
    const sid = await registerIssuedToken(userId);
    const token = tokenFor(sid);
    expect(await grantStanding(sid)).toBe("live");
    for (const path of ["lean", "authjs"] as const)
      expect((await readSession(headersFor("jwt", token), path, env)).status, path).toBe("signed-in");

    await setEpochOnly();

    expect(await prisma().issuedToken.findUniqueOrThrow({ where: { id: sid } })).toMatchObject({ revokedAt: null });
    expect(await grantStanding(sid)).toBe("revoked");
    for (const path of ["lean", "authjs"] as const)
      expect((await readSession(headersFor("jwt", token), path, env)).status, path).toBe("signed-out");
  });

  it("keeps the revoker's own grant", async () => {
    const sid = await registerIssuedToken(userId);
    await setEpochOnly(new Date(Date.now() + 1), sid);
    expect(await grantStanding(sid)).toBe("live");
  });
});
