import "server-only";
import { createHash } from "node:crypto";
import { errors } from "oidc-provider";
import { databasePool } from "@/lib/db/client";

/** What oidc-provider stores for one artefact: plain JSON, with a few fields the adapter indexes. */
export type OidcPayload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; consumed?: number };

const sha256 = (value: string) => createHash("sha256").update(value).digest("base64url");

/**
 * Models whose id is a secret the client presents (a code, a refresh token, an opaque access token): their payload is
 * stored without its `jti`, so a database dump holds no usable token. They are found by that id, which gives it back.
 * Sessions keep theirs (found by uid; useless without the signed cookie), and device codes (found by user code, minutes long).
 */
const SECRET_ID_MODELS = new Set([
  "AuthorizationCode",
  "RefreshToken",
  "AccessToken",
  "ClientCredentials",
  "Interaction",
  "PushedAuthorizationRequest",
  "BackchannelAuthenticationRequest",
]);
const text = (value: unknown) => (typeof value === "string" ? value : null);

/**
 * oidc-provider's storage over PostgreSQL, one instance per model (its adapter contract): every instance of the site
 * shares it, so a code issued by one is redeemed on another, and a refresh token rotates exactly once.
 */
export class PostgresOidcAdapter {
  constructor(private readonly model: string) {}

  async upsert(id: string, payload: OidcPayload, expiresInSeconds?: number): Promise<void> {
    await databasePool().query(
      `INSERT INTO "OidcModel" ("model", "idHash", "payload", "grantId", "uid", "userCodeHash", "expiresAt")
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
       ON CONFLICT ("model", "idHash") DO UPDATE SET "payload" = EXCLUDED."payload", "grantId" = EXCLUDED."grantId",
         "uid" = EXCLUDED."uid", "userCodeHash" = EXCLUDED."userCodeHash", "expiresAt" = EXCLUDED."expiresAt"`,
      [
        this.model,
        sha256(id),
        JSON.stringify(SECRET_ID_MODELS.has(this.model) ? { ...payload, jti: undefined } : payload),
        text(payload.grantId),
        text(payload.uid),
        typeof payload.userCode === "string" ? sha256(payload.userCode) : null,
        expiresInSeconds ?? null,
      ],
    );
  }

  async find(id: string): Promise<OidcPayload | undefined> {
    const payload = await this.findWhere(`"idHash" = $2`, sha256(id));
    return payload && SECRET_ID_MODELS.has(this.model) ? { ...payload, jti: id } : payload;
  }

  findByUid(uid: string): Promise<OidcPayload | undefined> {
    return this.findWhere(`"uid" = $2`, uid);
  }

  findByUserCode(userCode: string): Promise<OidcPayload | undefined> {
    return this.findWhere(`"userCodeHash" = $2`, sha256(userCode));
  }

  /**
   * Marks a code or refresh token used; the provider refuses it from then on, and treats a second use as theft.
   * Only the first of two racing uses marks it: the other is refused (invalid_grant), so one token never yields two.
   */
  async consume(id: string): Promise<void> {
    const { rowCount } = await databasePool().query(
      `UPDATE "OidcModel" SET "consumedAt" = now() WHERE "model" = $1 AND "idHash" = $2 AND "consumedAt" IS NULL`,
      [this.model, sha256(id)],
    );
    if (rowCount === 0) throw new errors.InvalidGrant("grant request is invalid");
  }

  async destroy(id: string): Promise<void> {
    await databasePool().query(`DELETE FROM "OidcModel" WHERE "model" = $1 AND "idHash" = $2`, [this.model, sha256(id)]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await databasePool().query(`DELETE FROM "OidcModel" WHERE "model" = $1 AND "grantId" = $2`, [this.model, grantId]);
  }

  private async findWhere(condition: string, value: string): Promise<OidcPayload | undefined> {
    const { rows } = await databasePool().query<{ payload: OidcPayload; consumedAt: Date | null }>(
      `SELECT "payload", "consumedAt" FROM "OidcModel"
       WHERE "model" = $1 AND ${condition} AND ("expiresAt" IS NULL OR "expiresAt" > now())
       ORDER BY "expiresAt" DESC NULLS FIRST LIMIT 1`,
      [this.model, value],
    );
    const row = rows[0];
    if (!row) return undefined;
    return row.consumedAt ? { ...row.payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : row.payload;
  }
}
