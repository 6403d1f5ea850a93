import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { databasePool } from "@/lib/db/client";
import { PostgresOidcAdapter } from "@/lib/auth/oidc/adapter";

const token = () => randomBytes(32).toString("base64url");

describe("the OpenID provider's PostgreSQL adapter", () => {
  it("stores, finds and replaces an artefact by its id, and keeps only the id's hash", async () => {
    const codes = new PostgresOidcAdapter("AuthorizationCode");
    const id = token();
    await codes.upsert(id, { grantId: "grant-a", clientId: "lab-cli" }, 60);
    expect(await codes.find(id)).toEqual({ grantId: "grant-a", clientId: "lab-cli", jti: id });
    await codes.upsert(id, { grantId: "grant-a", clientId: "lab-spa" }, 60);
    expect(await codes.find(id)).toEqual({ grantId: "grant-a", clientId: "lab-spa", jti: id });
    const { rows } = await databasePool().query<{ idHash: string }>(
      `SELECT "idHash" FROM "OidcModel" WHERE "payload"->>'grantId' = 'grant-a'`,
    );
    expect(rows.map((row) => row.idHash)).not.toContain(id);
    // The same id under another model is another artefact.
    expect(await new PostgresOidcAdapter("RefreshToken").find(id)).toBeUndefined();
  });

  it("stores no usable refresh token or code: neither the id nor the payload holds the value", async () => {
    for (const model of ["RefreshToken", "AuthorizationCode"]) {
      const [id, grantId] = [token(), token()];
      await new PostgresOidcAdapter(model).upsert(id, { jti: id, grantId, kind: model }, 60);
      const { rows } = await databasePool().query<{ row: string }>(
        `SELECT row_to_json(o)::text AS "row" FROM "OidcModel" o WHERE "model" = $1 AND "grantId" = $2`,
        [model, grantId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.row).not.toContain(id);
      expect(await new PostgresOidcAdapter(model).find(id)).toMatchObject({ jti: id, grantId });
    }
  });

  it("answers a consumed artefact with its consumed time, and an expired one as absent", async () => {
    const refreshTokens = new PostgresOidcAdapter("RefreshToken");
    const used = token();
    await refreshTokens.upsert(used, { grantId: "grant-b" }, 3600);
    await refreshTokens.consume(used);
    expect((await refreshTokens.find(used))?.consumed).toBeGreaterThan(0);
    // Of two racing uses only the first marks it; the second is refused as oidc-provider refuses a bad grant.
    await expect(refreshTokens.consume(used)).rejects.toMatchObject({ error: "invalid_grant", status: 400 });
    const expired = token();
    await refreshTokens.upsert(expired, { grantId: "grant-b" }, 0);
    expect(await refreshTokens.find(expired)).toBeUndefined();
  });

  it("finds a session by its uid and a device code by its user code", async () => {
    const uid = token();
    await new PostgresOidcAdapter("Session").upsert(token(), { uid, accountId: "person-1" }, 3600);
    expect(await new PostgresOidcAdapter("Session").findByUid(uid)).toMatchObject({ accountId: "person-1" });
    const userCode = randomBytes(6).toString("hex").toUpperCase();
    const deviceCodes = new PostgresOidcAdapter("DeviceCode");
    await deviceCodes.upsert(token(), { userCode, clientId: "lab-cli" }, 600);
    expect(await deviceCodes.findByUserCode(userCode)).toMatchObject({ clientId: "lab-cli" });
    expect(await deviceCodes.findByUserCode("XXXXXXXX")).toBeUndefined();
  });

  it("destroys one artefact, and revokes every artefact of a model that a grant issued", async () => {
    const refreshTokens = new PostgresOidcAdapter("RefreshToken");
    const [first, second, other] = [token(), token(), token()];
    await refreshTokens.upsert(first, { grantId: "grant-c" }, 3600);
    await refreshTokens.upsert(second, { grantId: "grant-c" }, 3600);
    await refreshTokens.upsert(other, { grantId: "grant-d" }, 3600);
    await refreshTokens.destroy(first);
    expect(await refreshTokens.find(first)).toBeUndefined();
    await refreshTokens.revokeByGrantId("grant-c");
    expect(await refreshTokens.find(second)).toBeUndefined();
    expect(await refreshTokens.find(other)).toEqual({ grantId: "grant-d", jti: other });
  });
});
