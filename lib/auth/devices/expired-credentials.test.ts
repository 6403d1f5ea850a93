import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { deleteExpiredCredentials } from "@/lib/auth/devices/expired-credentials";

describe("deleteExpiredCredentials", () => {
  it("deletes expired sessions, grants, BFF sessions and sign-in links, and keeps live ones", async () => {
    const user = await prisma().user.create({ data: { email: `cleanup-${randomUUID()}@example.com` } });
    const past = new Date(Date.now() - 1000);
    const future = new Date(Date.now() + 3_600_000);
    const [expired, live] = await Promise.all([
      prisma().session.create({ data: { userId: user.id, sessionToken: `${user.id}-old`, expires: past } }),
      prisma().session.create({ data: { userId: user.id, sessionToken: `${user.id}-new`, expires: future } }),
    ]);
    const [endedGrant, liveGrant] = await Promise.all([
      prisma().issuedToken.create({ data: { userId: user.id, expiresAt: past } }),
      prisma().issuedToken.create({ data: { userId: user.id, expiresAt: future } }),
    ]);
    await prisma().verificationToken.createMany({
      data: [
        { identifier: user.email, token: `${user.id}-old`, expires: past },
        { identifier: user.email, token: `${user.id}-new`, expires: future },
      ],
    });
    const bffSession = (idHash: string, expiresAt: Date) => ({
      idHash,
      accessToken: "sealed",
      refreshToken: "sealed",
      accessTokenExpiresAt: expiresAt,
      refreshDueAt: expiresAt,
      expiresAt,
    });
    await prisma().bffSession.createMany({
      data: [bffSession(`${user.id}-old`, past), bffSession(`${user.id}-new`, future)],
    });

    const report = await deleteExpiredCredentials();

    expect(report.sessions).toBeGreaterThanOrEqual(1);
    expect(report.unreachableStores).toEqual([]);
    expect(report.issuedTokens).toBeGreaterThanOrEqual(1);
    expect(report.verificationTokens).toBeGreaterThanOrEqual(1);
    expect(report.bffSessions).toBeGreaterThanOrEqual(1);
    const bffLeft = await prisma().bffSession.findMany({ where: { idHash: { startsWith: user.id } } });
    expect(bffLeft.map((row) => row.idHash)).toEqual([`${user.id}-new`]);
    expect((await prisma().session.findMany({ where: { userId: user.id } })).map((row) => row.id)).toEqual([live.id]);
    expect((await prisma().issuedToken.findMany({ where: { userId: user.id } })).map((row) => row.id)).toEqual([liveGrant.id]);
    expect((await prisma().verificationToken.findMany({ where: { identifier: user.email } })).map((row) => row.token)).toEqual([
      `${user.id}-new`,
    ]);
    expect(expired.id).not.toBe(live.id);
    expect(endedGrant.id).not.toBe(liveGrant.id);
  });
});
