import "server-only";
import { createHmac } from "node:crypto";
import type { VerificationToken } from "next-auth/adapters";
import { prisma } from "@/lib/db/client";
import { revokeAllDevicesInTransaction } from "@/lib/auth/devices/devices";
import { currentSignInLinkContext, passwordFingerprint } from "@/lib/auth/sign-in-links/sign-in-link-context";

/**
 * What the VerificationToken table stores for a sign-in link: an HMAC, under one of the secrets, of
 * Auth.js's SHA-256 of the link's token. A leaked table opens nothing, and a link sealed under a
 * previous secret still opens after a rotation, because each secret can be tried in turn.
 */
export function sealVerificationToken(tokenHash: string, secret: string): string {
  return createHmac("sha256", secret).update(tokenHash, "utf8").digest("hex");
}

type Transaction = Parameters<Parameters<ReturnType<typeof prisma>["$transaction"]>[0]>[0];

/** Stores a new sign-in link (Auth.js hands it over hashed) and voids the address's older ones. */
export async function storeVerificationToken(token: VerificationToken): Promise<VerificationToken> {
  const { passwordFingerprint: fingerprint } = currentSignInLinkContext();
  await prisma().$transaction([
    prisma().verificationToken.deleteMany({ where: { identifier: token.identifier } }),
    prisma().verificationToken.create({ data: { ...token, passwordFingerprint: fingerprint } }),
  ]);
  return token;
}

/**
 * The first time an address is proved, a password chosen before that proof survives only if this
 * link was sent for it. Otherwise whoever chose it (perhaps someone who signed up with another
 * person's address) loses it, with every session and token they got.
 */
async function settlePendingPassword(transaction: Transaction, email: string, linkFingerprint: string | null) {
  const user = await transaction.user.findUnique({
    where: { email },
    select: { id: true, emailVerified: true, passwordHash: true },
  });
  if (!user || user.emailVerified) return;
  const confirmsThisPassword =
    user.passwordHash !== null && linkFingerprint !== null && passwordFingerprint(user.passwordHash) === linkFingerprint;
  if (confirmsThisPassword) return;
  await transaction.user.update({ where: { id: user.id }, data: { passwordHash: null } });
  await revokeAllDevicesInTransaction(transaction, user.id);
}

/** Uses up a sign-in link once (a second use finds nothing) and settles any pending password it meets. */
export async function consumeVerificationToken(params: { identifier: string; token: string }): Promise<VerificationToken | null> {
  const { identifier, token } = params;
  // Auth.js passes the link's `email` parameter, which a hand-made link can leave out.
  if (typeof identifier !== "string" || typeof token !== "string") return null;
  return prisma().$transaction(async (transaction) => {
    const row = await transaction.verificationToken.findUnique({ where: { identifier_token: { identifier, token } } });
    if (!row) return null;
    const { count } = await transaction.verificationToken.deleteMany({ where: { identifier, token } });
    if (count !== 1) return null;
    if (row.expires > new Date()) await settlePendingPassword(transaction, identifier, row.passwordFingerprint);
    return { identifier: row.identifier, token: row.token, expires: row.expires };
  });
}
