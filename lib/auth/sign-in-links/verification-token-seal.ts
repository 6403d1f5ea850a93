import "server-only";
import { createHmac } from "node:crypto";

/**
 * What the VerificationToken table stores for a sign-in link: an HMAC, under one of the secrets, of
 * Auth.js's SHA-256 of the link's token. A leaked table opens nothing, and a link sealed under a
 * previous secret still opens after a rotation, because each secret can be tried in turn.
 */
export function sealVerificationToken(tokenHash: string, secret: string): string {
  return createHmac("sha256", secret).update(tokenHash, "utf8").digest("hex");
}
