import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/passwords/password";
import { passwordFingerprint, withSignInLinkContext } from "@/lib/auth/sign-in-links/sign-in-link-context";
import { createLabAdapter } from "@/lib/auth/authjs/adapter";
import { sessionStoreFor } from "@/lib/auth/stores";
import { consumeVerificationToken, storeVerificationToken } from "@/lib/auth/sign-in-links/verification-tokens";

const inFifteenMinutes = () => new Date(Date.now() + 15 * 60_000);
const linkFor = (identifier: string) => ({ identifier, token: `sealed-${randomUUID()}`, expires: inFifteenMinutes() });

/** A pending account (someone signed up with this address and never confirmed it), signed in on one device of each kind. */
async function pendingAccountWithDevices(password: string) {
  const email = `pending-${randomUUID()}@example.com`;
  const passwordHash = await hashPassword(password);
  const user = await prisma().user.create({
    data: {
      email,
      passwordHash,
      sessions: { create: { sessionToken: `hash-${randomUUID()}`, expires: inFifteenMinutes() } },
      issuedTokens: { create: { expiresAt: inFifteenMinutes() } },
    },
  });
  return { email, passwordHash, userId: user.id };
}

const stateOf = async (userId: string) => ({
  passwordHash: (await prisma().user.findUniqueOrThrow({ where: { id: userId } })).passwordHash,
  sessions: await prisma().session.count({ where: { userId } }),
  liveTokens: await prisma().issuedToken.count({ where: { userId, revokedAt: null } }),
});

describe("sign-in links in the adapter", () => {
  it("a new link voids the address's older ones", async () => {
    const email = `links-${randomUUID()}@example.com`;
    const [first, second] = [linkFor(email), linkFor(email)];
    await storeVerificationToken(first);
    await storeVerificationToken(second);
    expect((await prisma().verificationToken.findMany({ where: { identifier: email } })).map((row) => row.token)).toEqual([
      second.token,
    ]);
    expect(await consumeVerificationToken(first)).toBeNull();
  });

  it("works once", async () => {
    const link = linkFor(`once-${randomUUID()}@example.com`);
    await storeVerificationToken(link);
    const [a, b] = await Promise.all([consumeVerificationToken(link), consumeVerificationToken(link)]);
    expect([a, b].filter(Boolean)).toEqual([link]);
  });

  it("answers nothing for a link without its address", async () => {
    const link = linkFor(`no-address-${randomUUID()}@example.com`);
    await storeVerificationToken(link);
    expect(await consumeVerificationToken({ token: link.token } as { identifier: string; token: string })).toBeNull();
  });

  it("a sign-up's own link confirms the password that sign-up chose", async () => {
    const account = await pendingAccountWithDevices("owner password 1");
    const link = linkFor(account.email);
    await withSignInLinkContext({ kind: "confirm-sign-up", passwordFingerprint: passwordFingerprint(account.passwordHash) }, () =>
      storeVerificationToken(link),
    );
    expect(await prisma().verificationToken.findFirstOrThrow({ where: { token: link.token } })).toMatchObject({
      passwordFingerprint: passwordFingerprint(account.passwordHash),
    });

    expect(await consumeVerificationToken(link)).toEqual(link);
    expect((await stateOf(account.userId)).passwordHash).toBe(account.passwordHash);
  });

  it("any other link to a pending account clears the password chosen before it and ends every session and token", async () => {
    // Someone signed up with another person's address; the real owner then signs in by magic link.
    const attacker = await pendingAccountWithDevices("attacker password 1");
    const ownersLink = linkFor(attacker.email);
    await storeVerificationToken(ownersLink);

    expect(await consumeVerificationToken(ownersLink)).toEqual(ownersLink);
    expect(await stateOf(attacker.userId)).toEqual({ passwordHash: null, sessions: 0, liveTokens: 0 });
  });

  it("a link made for a different pending password clears this one too", async () => {
    const account = await pendingAccountWithDevices("current password 1");
    const link = linkFor(account.email);
    await withSignInLinkContext(
      { kind: "confirm-sign-up", passwordFingerprint: passwordFingerprint(await hashPassword("earlier password 1")) },
      () => storeVerificationToken(link),
    );
    await consumeVerificationToken(link);
    expect((await stateOf(account.userId)).passwordHash).toBeNull();
  });

  it("leaves confirmed accounts alone, and settles nothing with an expired link", async () => {
    const confirmed = await pendingAccountWithDevices("confirmed password 1");
    await prisma().user.update({ where: { id: confirmed.userId }, data: { emailVerified: new Date() } });
    const link = linkFor(confirmed.email);
    await storeVerificationToken(link);
    await consumeVerificationToken(link);
    expect(await stateOf(confirmed.userId)).toEqual({ passwordHash: confirmed.passwordHash, sessions: 1, liveTokens: 1 });

    const pending = await pendingAccountWithDevices("pending password 1");
    const expired = { ...linkFor(pending.email), expires: new Date(Date.now() - 1000) };
    await storeVerificationToken(expired);
    await consumeVerificationToken(expired);
    expect((await stateOf(pending.userId)).passwordHash).toBe(pending.passwordHash);
  });
});

describe("the lab adapter's sign-in links", () => {
  it("seal links, and a newer link for the address voids the older one", async () => {
    const adapter = createLabAdapter(sessionStoreFor("postgres"), ["test-secret-that-is-long-enough-for-auth-js-000"]);
    const email = `adapter-links-${randomUUID()}@example.com`;
    const [older, newer] = [linkFor(email), linkFor(email)];
    await adapter.createVerificationToken!(older);
    await adapter.createVerificationToken!(newer);
    const stored = await prisma().verificationToken.findMany({ where: { identifier: email } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token).not.toBe(newer.token);
    expect(await adapter.useVerificationToken!({ identifier: email, token: older.token })).toBeNull();
    expect(await adapter.useVerificationToken!({ identifier: email, token: newer.token })).toMatchObject({ identifier: email });
  });
});
