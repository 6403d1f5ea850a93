import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { databasePool } from "@/lib/db/client";
import { callSessionStore } from "@/lib/db/store-unavailable";
import { EPOCH_COLUMNS, epochOfRow, predatesEpoch } from "@/lib/auth/stores/credential-epoch";
import { clientName } from "@/lib/auth/oidc/clients";

/** One client's standing access to a person's account (an oidc-provider Grant), as the devices page lists it. */
export type OAuthGrant = {
  id: string;
  clientId: string;
  clientName: string;
  scopes: string[];
  /** When the person allowed it (the grant's issue time). */
  firstUsedAt: Date;
  /** The client's last refresh at the provider (access tokens at the API are not seen here), else its first use. */
  lastUsedAt: Date;
  /** The grant's end, and with it its refresh tokens' latest end. */
  expiresAt: Date | null;
};

/** A grant id as oidc-provider makes them (base64url), checked before it reaches a query. */
export const grantIdSchema = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/);

// The adapter keeps each artefact under the SHA-256 of its id (adapter.ts).
const idHashOf = (id: string) => createHash("sha256").update(id).digest("base64url");

const grantPayloadSchema = z.object({
  jti: z.string(),
  clientId: z.string(),
  iat: z.number(),
  exp: z.number().optional(),
  openid: z.object({ scope: z.string().optional() }).optional(),
  resources: z.record(z.string(), z.string()).optional(),
});

const grantRowSchema = z.object({
  payload: grantPayloadSchema,
  lastIssuedAt: z.coerce.number().nullable(),
  lastConsumedAt: z.date().nullable(),
});

const seconds = (epochSeconds: number) => new Date(epochSeconds * 1000);

/** The scopes a grant holds: its OpenID scopes and each resource's (the API's lab:*). */
function scopesOf(payload: z.infer<typeof grantPayloadSchema>): string[] {
  const granted = [payload.openid?.scope ?? "", ...Object.values(payload.resources ?? {})];
  return [...new Set(granted.flatMap((scope) => scope.split(" ")).filter(Boolean))];
}

/**
 * The person's live grants, newest first, with when each refresh token was last issued or used. A grant older than
 * the person's credential epoch is left out: the provider already refuses its tokens (provider.ts findAccount).
 */
export async function listGrants(userId: string): Promise<OAuthGrant[]> {
  const { rows } = await callSessionStore(() =>
    databasePool().query({
      name: "lab-list-oauth-grants",
      text: `SELECT g."payload", ${EPOCH_COLUMNS}, r."lastIssuedAt", r."lastConsumedAt"
             FROM "OidcModel" g
             JOIN "User" u ON u.id = g."payload"->>'accountId'
             LEFT JOIN LATERAL (
               SELECT max(("payload"->>'iat')::bigint) AS "lastIssuedAt", max("consumedAt") AS "lastConsumedAt"
               FROM "OidcModel" WHERE "model" = 'RefreshToken' AND "grantId" = g."payload"->>'jti'
             ) r ON true
             WHERE g."model" = 'Grant' AND g."payload"->>'accountId' = $1 AND (g."expiresAt" IS NULL OR g."expiresAt" > now())
             ORDER BY (g."payload"->>'iat')::bigint DESC`,
      values: [userId],
    }),
  );
  return rows.flatMap((row) => {
    const { payload, lastIssuedAt, lastConsumedAt } = grantRowSchema.parse(row);
    // Seconds, as findAccount compares them: the grant counts as made at the end of its second.
    const credential = { id: payload.jti, createdAt: new Date(payload.iat * 1000 + 999) };
    if (predatesEpoch(credential, epochOfRow(row))) return [];
    const lastUse = Math.max(payload.iat * 1000, (lastIssuedAt ?? 0) * 1000, lastConsumedAt?.getTime() ?? 0);
    return [
      {
        id: payload.jti,
        clientId: payload.clientId,
        clientName: clientName(payload.clientId),
        scopes: scopesOf(payload),
        firstUsedAt: seconds(payload.iat),
        lastUsedAt: new Date(lastUse),
        expiresAt: payload.exp === undefined ? null : seconds(payload.exp),
      },
    ];
  });
}

/** Deletes grants and everything they issued (refresh tokens, codes, device codes, opaque access tokens), in one statement. */
function deleteGrantsWhere(condition: string) {
  return `WITH target AS (SELECT "idHash", "payload"->>'jti' AS "grantId" FROM "OidcModel" WHERE "model" = 'Grant' AND ${condition})
          DELETE FROM "OidcModel" m USING target
          WHERE (m."model" = 'Grant' AND m."idHash" = target."idHash") OR m."grantId" = target."grantId"
          RETURNING m."model"`;
}

const deletedRowsSchema = z.array(z.object({ model: z.string() }));
const countGrants = (rows: unknown[]) => deletedRowsSchema.parse(rows).filter((row) => row.model === "Grant").length;

/**
 * Revokes one of the person's grants: its refresh tokens stop working at once. False when it does not exist or
 * belongs to someone else. An outage throws SessionStoreUnavailableError.
 */
export async function revokeGrant(userId: string, grantId: string): Promise<boolean> {
  const { rows } = await callSessionStore(() =>
    databasePool().query({
      name: "lab-revoke-oauth-grant",
      text: deleteGrantsWhere(`"idHash" = $1 AND "payload"->>'accountId' = $2`),
      values: [idHashOf(grantId), userId],
    }),
  );
  return countGrants(rows) === 1;
}

/** Runs one SQL statement on the caller's connection (a locked person's, or a Prisma transaction's) and answers its rows. */
export type RunSql = (text: string, values: unknown[]) => Promise<unknown[]>;

/** Revokes every grant of the person, inside the caller's transaction; answers how many. */
export async function revokeAllGrants(userId: string, run: RunSql): Promise<number> {
  return countGrants(await run(deleteGrantsWhere(`"payload"->>'accountId' = $1`), [userId]));
}
