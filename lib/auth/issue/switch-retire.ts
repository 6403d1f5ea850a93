import "server-only";
import { z } from "zod";
import type { SessionSetup } from "@/lib/auth/mode";
import type { LockedPerson } from "@/lib/auth/issue/person-lock";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import { grantIsCurrent } from "@/lib/auth/devices/issued-tokens";
import { predatesEpoch } from "@/lib/auth/stores/credential-epoch";
import { grantEndsAt } from "@/lib/auth/session-lifetime";
import type { SessionCredential } from "@/lib/auth/read/session-read-result";

const consumedGrantSchema = z.object({ id: z.string(), createdAt: z.date() });

/**
 * Ends exactly the credential the read authorised (the same session row, the same token grant), atomically,
 * while the person's row is locked, and returns when its person originally signed in. Throws when it is not
 * the authorised one, or no longer valid: revoked (by deletion or the person's epoch), ended, or consumed by
 * a parallel switch.
 */
export async function retireCredentialForSwitch(
  person: LockedPerson,
  setup: SessionSetup,
  cookieValue: string,
  credential: SessionCredential,
): Promise<Date> {
  // A hybrid session is a database session: its token in front is only a cache of it.
  if (setup.mode !== "jwt") {
    if (credential.kind !== "session" || cookieValue === "") throw new Error("The session was revoked or already switched");
    const store = person.store(setup.store);
    const tokenHash = hashSessionToken(cookieValue);
    const found = await store.findByHash(tokenHash);
    const authorised = found?.id === credential.sessionRowId && found.userId === person.user.id;
    if (!found || !authorised || predatesEpoch(found, person.epoch))
      throw new Error("The session was revoked or already switched");
    const retired = await store.deleteByHash(tokenHash);
    if (retired?.id !== found.id) throw new Error("The session was revoked or already switched");
    if (grantEndsAt(retired.authenticatedAt).getTime() <= Date.now()) throw new Error("The session's sign-in has ended");
    return retired.authenticatedAt;
  }
  // A revoked token still reads as signed in while the check is off; it must not buy a fresh credential.
  const authTime = credential.kind === "token" ? credential.claims.authTime : undefined;
  if (credential.kind !== "token" || typeof authTime !== "number" || !grantIsCurrent(authTime))
    throw new Error("The token's grant has ended");
  const sid = credential.tokenSid;
  if (sid === undefined || sid === "") throw new Error("The token's grant was revoked or already switched");
  const now = new Date().toISOString();
  // One conditional update: of parallel callers with the same token only one ends the grant.
  const { rows } = await person.connection.query({
    name: "lab-consume-issued-token",
    text: `UPDATE "IssuedToken" SET "revokedAt" = $3::timestamptz AT TIME ZONE 'UTC'
           WHERE id = $1 AND "userId" = $2 AND "revokedAt" IS NULL AND "expiresAt" > $3::timestamptz AT TIME ZONE 'UTC'
           RETURNING id, "createdAt" AT TIME ZONE 'UTC' AS "createdAt"`,
    values: [sid, person.user.id, now],
  });
  const consumed = rows.length === 1 ? consumedGrantSchema.parse(rows[0]) : undefined;
  if (!consumed || predatesEpoch(consumed, person.epoch)) throw new Error("The token's grant was revoked or already switched");
  return new Date(authTime * 1000);
}
