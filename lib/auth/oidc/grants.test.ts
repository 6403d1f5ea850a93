import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { databasePool, prisma } from "@/lib/db/client";
import { PostgresOidcAdapter } from "@/lib/auth/oidc/adapter";
import { listGrants, revokeGrant } from "@/lib/auth/oidc/grants";

const randomId = () => randomBytes(32).toString("base64url");
const nowSeconds = () => Math.floor(Date.now() / 1000);
const HOUR = 3600;

async function person() {
  return (await prisma().user.create({ data: { email: `grants-${randomUUID()}@example.com` } })).id;
}

/** A grant and what it issued, stored as oidc-provider stores them (through the site's adapter). */
async function grantOf(accountId: string, { clientId = "lab-cli", issuedAgo = HOUR, refreshIssuedAgo = [] as number[] } = {}) {
  const grantId = randomId();
  const iat = nowSeconds() - issuedAgo;
  await new PostgresOidcAdapter("Grant").upsert(
    grantId,
    {
      jti: grantId,
      kind: "Grant",
      accountId,
      clientId,
      iat,
      exp: iat + 30 * 24 * HOUR,
      openid: { scope: "openid offline_access" },
      resources: { "http://localhost:3100": "lab:read" },
    },
    30 * 24 * HOUR - issuedAgo,
  );
  const refreshTokens: { id: string; iat: number }[] = [];
  for (const ago of refreshIssuedAgo) {
    const token = { id: randomId(), iat: nowSeconds() - ago };
    await new PostgresOidcAdapter("RefreshToken").upsert(
      token.id,
      { grantId, accountId, clientId, iat: token.iat },
      7 * 24 * HOUR,
    );
    refreshTokens.push(token);
  }
  for (const model of ["AuthorizationCode", "AccessToken", "DeviceCode"])
    await new PostgresOidcAdapter(model).upsert(randomId(), { grantId, accountId, clientId, iat }, 60);
  return { grantId, iat, refreshTokens };
}

/** Every artefact still stored for a grant, by model (the Grant row itself included). */
async function storedFor(grantId: string): Promise<string[]> {
  const { rows } = await databasePool().query<{ model: string }>(
    `SELECT "model" FROM "OidcModel" WHERE "grantId" = $1 OR ("model" = 'Grant' AND "payload"->>'jti' = $1) ORDER BY "model"`,
    [grantId],
  );
  return rows.map((row) => row.model);
}

describe("a person's OAuth grants", () => {
  it("lists each live grant of the person with its client, scopes, first and last use", async () => {
    const [ada, bob] = [await person(), await person()];
    const refreshed = await grantOf(ada, { refreshIssuedAgo: [HOUR - 60, 600] });
    const unused = await grantOf(ada, { clientId: "lab-spa", issuedAgo: 2 * HOUR });
    await grantOf(bob);

    const grants = await listGrants(ada);

    expect(grants.map((grant) => grant.id)).toEqual([refreshed.grantId, unused.grantId]);
    expect(grants[0]).toMatchObject({
      clientId: "lab-cli",
      clientName: "Lab command-line tool",
      scopes: ["openid", "offline_access", "lab:read"],
      firstUsedAt: new Date(refreshed.iat * 1000),
      // The newest refresh token's issue time: the client's last refresh.
      lastUsedAt: new Date(refreshed.refreshTokens[1]!.iat * 1000),
      expiresAt: new Date((refreshed.iat + 30 * 24 * HOUR) * 1000),
    });
    // Never refreshed: its last use is its first.
    expect(grants[1]).toMatchObject({ clientName: "Lab single-page app", lastUsedAt: new Date(unused.iat * 1000) });
  });

  it("counts a refresh token's use (consumed, when rotated) as the grant's last use", async () => {
    const ada = await person();
    const { refreshTokens } = await grantOf(ada, { refreshIssuedAgo: [1800] });
    const before = Date.now();
    await new PostgresOidcAdapter("RefreshToken").consume(refreshTokens[0]!.id);

    const [grant] = await listGrants(ada);

    // Within the second of the consume (the column is PostgreSQL's clock, the test's is Node's).
    expect(grant!.lastUsedAt.getTime()).toBeGreaterThan(before - 1000);
    expect(grant!.lastUsedAt.getTime()).toBeLessThan(Date.now() + 1000);
  });

  it("leaves out an expired grant and one older than the person's credential epoch", async () => {
    const ada = await person();
    const expired = randomId();
    await new PostgresOidcAdapter("Grant").upsert(
      expired,
      { jti: expired, accountId: ada, clientId: "lab-cli", iat: nowSeconds() },
      0,
    );
    const older = await grantOf(ada, { issuedAgo: 2 * HOUR });
    const newer = await grantOf(ada, { issuedAgo: 60 });
    await prisma().user.update({ where: { id: ada }, data: { credentialsValidAfter: new Date(Date.now() - HOUR * 1000) } });

    expect((await listGrants(ada)).map((grant) => grant.id)).toEqual([newer.grantId]);
    // Hidden, not deleted: the provider refuses it by the epoch alone.
    expect(await storedFor(older.grantId)).toContain("Grant");
  });

  it("revokes only the person's own grant, with everything it issued", async () => {
    const [ada, bob] = [await person(), await person()];
    const adas = await grantOf(ada, { refreshIssuedAgo: [600, 300] });
    const adasOther = await grantOf(ada, { refreshIssuedAgo: [60] });
    const bobs = await grantOf(bob, { refreshIssuedAgo: [60] });
    const everything = ["AccessToken", "AuthorizationCode", "DeviceCode", "Grant", "RefreshToken"];

    expect(await revokeGrant(ada, bobs.grantId)).toBe(false);
    expect(await storedFor(bobs.grantId)).toEqual(everything);
    expect(await revokeGrant(ada, randomId())).toBe(false);

    expect(await revokeGrant(ada, adas.grantId)).toBe(true);
    expect(await storedFor(adas.grantId)).toEqual([]);
    expect(await new PostgresOidcAdapter("RefreshToken").find(adas.refreshTokens[1]!.id)).toBeUndefined();
    expect(await storedFor(adasOther.grantId)).toEqual(everything);
    expect(await revokeGrant(ada, adas.grantId)).toBe(false);
    expect((await listGrants(ada)).map((grant) => grant.id)).toEqual([adasOther.grantId]);
  });
});
