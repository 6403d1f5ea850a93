import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createLabAdapter } from "@/lib/auth/authjs/adapter";
import { newSessionToken, hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { sessionStoreFor } from "@/lib/auth/stores";
import { SESSION_STORE_NAMES } from "@/lib/auth/mode";

const postgres = sessionStoreFor("postgres");

const secretA = "secret-a-long-enough-for-auth-js-000000000000";
const secretB = "secret-b-long-enough-for-auth-js-000000000000";

let userId: string;

beforeEach(async () => {
  userId = (await prisma().user.create({ data: { email: `adapter-${randomUUID()}@example.com` } })).id;
});

describe("the lab adapter", () => {
  it("stores only a SHA-256 of the token, and hands Auth.js the raw token back", async () => {
    const adapter = createLabAdapter(postgres);
    const token = newSessionToken();
    const created = await adapter.createSession!({ sessionToken: token, userId, expires: new Date(Date.now() + 60_000) });
    expect(created.sessionToken).toBe(token);

    const rows = await prisma().session.findMany({ where: { userId } });
    expect(rows.map((row) => row.sessionToken)).toEqual([hashSessionToken(token)]);
    expect(rows[0]!.sessionToken).toMatch(/^[0-9a-f]{64}$/);

    const found = await adapter.getSessionAndUser!(token);
    expect(found?.user.id).toBe(userId);
    expect(found?.session.sessionToken).toBe(token);
    expect(await adapter.getSessionAndUser!(hashSessionToken(token))).toBeNull();
  });

  it("updates and deletes by the raw token; deleting a missing row is not an error", async () => {
    const adapter = createLabAdapter(postgres);
    const token = newSessionToken();
    await adapter.createSession!({ sessionToken: token, userId, expires: new Date(Date.now() + 60_000) });
    const later = new Date(Date.now() + 3_600_000);
    await adapter.updateSession!({ sessionToken: token, expires: later });
    expect((await prisma().session.findFirstOrThrow({ where: { userId } })).expires).toEqual(later);

    await adapter.deleteSession!(token);
    expect(await prisma().session.count({ where: { userId } })).toBe(0);
    await expect(adapter.deleteSession!(token)).resolves.toBeUndefined();
  });

  it("ends a session 30 days after its sign-in, however recently activity extended it", async () => {
    const adapter = createLabAdapter(postgres);
    const token = newSessionToken();
    await adapter.createSession!({ sessionToken: token, userId, expires: new Date(Date.now() + 86_400_000) });
    await prisma().session.updateMany({
      where: { userId },
      data: { authenticatedAt: new Date(Date.now() - (SESSION_MAX_AGE_SECONDS + 1) * 1000) },
    });
    expect(await adapter.getSessionAndUser!(token)).toBeNull();
    expect(await prisma().session.count({ where: { userId } })).toBe(0);
  });

  it("seals sign-in links with the first secret and opens them with any, once", async () => {
    const identifier = `link-${randomUUID()}@example.com`;
    const expires = new Date(Date.now() + 60_000);
    await createLabAdapter(postgres, [secretA]).createVerificationToken!({ identifier, token: "hash-of-link-1", expires });
    const stored = await prisma().verificationToken.findMany({ where: { identifier } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token).not.toBe("hash-of-link-1");

    // After a rotation to B, a link sealed under A still opens, and only once.
    const rotated = createLabAdapter(postgres, [secretB, secretA]);
    expect(await rotated.useVerificationToken!({ identifier, token: "hash-of-link-1" })).toMatchObject({ identifier });
    expect(await rotated.useVerificationToken!({ identifier, token: "hash-of-link-1" })).toBeNull();

    // Once A is dropped from the list, its links stop opening.
    await createLabAdapter(postgres, [secretA]).createVerificationToken!({ identifier, token: "hash-of-link-2", expires });
    expect(await createLabAdapter(postgres, [secretB]).useVerificationToken!({ identifier, token: "hash-of-link-2" })).toBeNull();
  });

  it.each(SESSION_STORE_NAMES)("keeps Auth.js's sessions in the %s store: create, read, slide, delete", async (name) => {
    const store = sessionStoreFor(name);
    const adapter = createLabAdapter(store);
    const token = newSessionToken();
    await adapter.createSession!({ sessionToken: token, userId, expires: new Date(Date.now() + 60_000) });
    const found = await adapter.getSessionAndUser!(token);
    expect(found?.user).toMatchObject({ id: userId });
    expect(found?.user).not.toHaveProperty("passwordHash");
    const later = new Date(Date.now() + 3_600_000);
    await adapter.updateSession!({ sessionToken: token, expires: later });
    expect((await store.findByHash(hashSessionToken(token)))?.expires).toEqual(later);
    await adapter.deleteSession!(token);
    expect(await adapter.getSessionAndUser!(token)).toBeNull();
    expect(await store.findByHash(hashSessionToken(token))).toBeUndefined();
  });
});
