import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

/** Every scalar field the Prisma schema declares, per model, from the generated client. */
const declaredFields: Record<string, string[]> = {
  User: Object.values(Prisma.UserScalarFieldEnum),
  Account: Object.values(Prisma.AccountScalarFieldEnum),
  Session: Object.values(Prisma.SessionScalarFieldEnum),
  VerificationToken: Object.values(Prisma.VerificationTokenScalarFieldEnum),
  OutboxMessage: Object.values(Prisma.OutboxMessageScalarFieldEnum),
  IssuedToken: Object.values(Prisma.IssuedTokenScalarFieldEnum),
  RateLimitBucket: Object.values(Prisma.RateLimitBucketScalarFieldEnum),
  OidcModel: Object.values(Prisma.OidcModelScalarFieldEnum),
  BffSession: Object.values(Prisma.BffSessionScalarFieldEnum),
};

afterAll(async () => {
  await prisma().$disconnect();
});

describe("schema.prisma and the migrated database", () => {
  it("covers every model", () => {
    expect(Object.keys(declaredFields).sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  it("have the same columns for every model", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      for (const [model, fields] of Object.entries(declaredFields)) {
        const { rows } = await client.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
          [model],
        );
        expect({ model, columns: rows.map((row) => row.column_name).sort() }).toEqual({ model, columns: [...fields].sort() });
      }
    } finally {
      await client.end();
    }
  });

  it("write and read back every field through Prisma Client", async () => {
    const db = prisma();
    const stamp = Date.now();
    const at = new Date("2030-05-06T07:08:09.123Z");
    const user = await db.user.create({
      data: {
        name: "Schema Check",
        email: `schema-${stamp}@example.com`,
        emailVerified: at,
        image: "https://example.com/a.png",
        passwordHash: "scrypt$1$1$1$salt$hash",
        accounts: {
          create: {
            type: "oauth",
            provider: "example",
            providerAccountId: `acct-${stamp}`,
            refresh_token: "r",
            access_token: "a",
            expires_at: 123,
            token_type: "bearer",
            scope: "openid",
            id_token: "i",
            session_state: "s",
          },
        },
        sessions: {
          create: {
            sessionToken: `token-${stamp}`,
            expires: at,
            userAgent: "ua",
            ipAddress: "127.0.0.1",
            lastActiveAt: at,
            authenticatedAt: at,
          },
        },
        issuedTokens: { create: { userAgent: "ua", ipAddress: "::1", expiresAt: at, revokedAt: at } },
      },
      include: { accounts: true, sessions: true, issuedTokens: true },
    });
    const read = await db.user.findUniqueOrThrow({
      where: { id: user.id },
      include: { accounts: true, sessions: true, issuedTokens: true },
    });
    expect(read).toEqual(user);
    expect(read.emailVerified).toEqual(at);
    expect(read.accounts[0]).toMatchObject({ expires_at: 123, session_state: "s", userId: user.id });
    expect(read.sessions[0]).toMatchObject({ sessionToken: `token-${stamp}`, expires: at, userId: user.id });
    expect(read.sessions[0]!.createdAt).toBeInstanceOf(Date);
    expect(read.sessions[0]).toMatchObject({ userAgent: "ua", ipAddress: "127.0.0.1", lastActiveAt: at, authenticatedAt: at });
    expect(read.issuedTokens[0]).toMatchObject({ userAgent: "ua", ipAddress: "::1", expiresAt: at, revokedAt: at });

    const token = await db.verificationToken.create({
      data: { identifier: user.email, token: `vt-${stamp}`, expires: at, passwordFingerprint: "f".repeat(64) },
    });
    expect(
      await db.verificationToken.findUniqueOrThrow({
        where: { identifier_token: { identifier: user.email, token: `vt-${stamp}` } },
      }),
    ).toEqual(token);

    const message = await db.outboxMessage.create({ data: { to: user.email, subject: "s", url: "http://localhost/x" } });
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: message.id } })).toEqual(message);

    const bucket = await db.rateLimitBucket.create({
      data: { key: `schema:${stamp}`, hits: 2, windowStartedAt: at, blockedUntil: at },
    });
    expect(await db.rateLimitBucket.findUniqueOrThrow({ where: { key: bucket.key } })).toEqual(bucket);

    const bff = await db.bffSession.create({
      data: {
        idHash: `schema-${stamp}`,
        accessToken: "sealed-a",
        refreshToken: "sealed-r",
        accessTokenExpiresAt: at,
        refreshDueAt: at,
        refreshingUntil: at,
        expiresAt: at,
      },
    });
    expect(await db.bffSession.findUniqueOrThrow({ where: { idHash: bff.idHash } })).toEqual(bff);
    await db.bffSession.delete({ where: { idHash: bff.idHash } });

    await db.user.delete({ where: { id: user.id } });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.issuedToken.count({ where: { userId: user.id } })).toBe(0);
  });
});
