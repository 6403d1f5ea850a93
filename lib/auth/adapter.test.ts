import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createLabAdapter } from "@/lib/auth/adapter";
import { newSessionToken } from "@/lib/auth/session-cookie";
import { hashSessionToken } from "@/lib/auth/token-hash";

let userId: string;

beforeEach(async () => {
  userId = (await prisma().user.create({ data: { email: `adapter-${randomUUID()}@example.com` } })).id;
});

describe("the lab adapter", () => {
  it("stores only a SHA-256 of the token, and hands Auth.js the raw token back", async () => {
    const adapter = createLabAdapter();
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
    const adapter = createLabAdapter();
    const token = newSessionToken();
    await adapter.createSession!({ sessionToken: token, userId, expires: new Date(Date.now() + 60_000) });
    const later = new Date(Date.now() + 3_600_000);
    const updated = await adapter.updateSession!({ sessionToken: token, expires: later });
    expect(updated?.sessionToken).toBe(token);
    expect((await prisma().session.findFirstOrThrow({ where: { userId } })).expires).toEqual(later);

    await adapter.deleteSession!(token);
    expect(await prisma().session.count({ where: { userId } })).toBe(0);
    await expect(adapter.deleteSession!(token)).resolves.toBeUndefined();
  });
});
