import "server-only";
import { createHash, hkdfSync } from "node:crypto";

/** The two encryptions a session token may use: Auth.js's own, and the cheaper one the lean path issues. */
export type SessionTokenEncryption = "A256CBC-HS512" | "A256GCM";

type DerivedKey = { key: Buffer; kid: string };

/** One secret's keys for one cookie name, in both encryptions. */
export type SecretKeys = Record<SessionTokenEncryption, DerivedKey>;

const KEY_BYTES: Record<SessionTokenEncryption, number> = { "A256CBC-HS512": 64, A256GCM: 32 };

/** RFC 7638 thumbprint of a symmetric JWK, with the hash Auth.js picks (SHA-256 for 256-bit keys, SHA-512 for 512). */
function jwkThumbprint(key: Buffer): string {
  const canonical = `{"k":"${key.toString("base64url")}","kty":"oct"}`;
  return createHash(key.length === 64 ? "sha512" : "sha256")
    .update(canonical)
    .digest("base64url");
}

/** Auth.js's key derivation: HKDF-SHA256 over the secret, salted with the cookie name. */
function deriveKey(secret: string, salt: string, encryption: SessionTokenEncryption): DerivedKey {
  const info = `Auth.js Generated Encryption Key (${salt})`;
  const key = Buffer.from(hkdfSync("sha256", secret, salt, info, KEY_BYTES[encryption]));
  return { key, kid: jwkThumbprint(key) };
}

/**
 * Every secret's keys for `salt`, first secret first, derived once: Auth.js derives them (and their
 * thumbprints) again on every read, which is most of what its read costs.
 */
export function deriveSessionKeyRing(secrets: readonly string[], salt: string): SecretKeys[] {
  return secrets.map((secret) => ({
    "A256CBC-HS512": deriveKey(secret, salt, "A256CBC-HS512"),
    A256GCM: deriveKey(secret, salt, "A256GCM"),
  }));
}

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
