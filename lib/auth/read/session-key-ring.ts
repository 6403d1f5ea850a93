import "server-only";
import { deriveSessionKeyRing, type SecretKeys } from "@/lib/auth/read/session-token-keys";

// Keyed by the secrets list itself (the validated environment keeps one for the process) and then the cookie name.
const rings = new WeakMap<readonly string[], Map<string, SecretKeys[]>>();

/** The key ring for these secrets and this cookie name, derived on first use and then reused: secrets change only with a restart. */
export function sessionKeyRing(secrets: readonly string[], cookieName: string): SecretKeys[] {
  let byCookie = rings.get(secrets);
  if (!byCookie) {
    byCookie = new Map();
    rings.set(secrets, byCookie);
  }
  let ring = byCookie.get(cookieName);
  if (!ring) {
    ring = deriveSessionKeyRing(secrets, cookieName);
    byCookie.set(cookieName, ring);
  }
  return ring;
}
