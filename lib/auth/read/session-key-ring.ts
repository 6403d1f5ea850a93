import "server-only";
import { deriveSessionKeyRing, type SecretKeys } from "@/lib/auth/read/session-token-keys";

const rings = new Map<string, SecretKeys[]>();

/** The key ring for these secrets and this cookie name, derived on first use and then reused: secrets change only with a restart. */
export function sessionKeyRing(secrets: readonly string[], cookieName: string): SecretKeys[] {
  const id = JSON.stringify([cookieName, ...secrets]);
  let ring = rings.get(id);
  if (!ring) {
    ring = deriveSessionKeyRing(secrets, cookieName);
    rings.set(id, ring);
  }
  return ring;
}
