import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import type { SecretKeys } from "@/lib/auth/read/session-token-keys";

/**
 * Seals claims as a session token in the format Auth.js's `decode` opens: a compact JWE, `alg: dir`,
 * `enc: A256GCM`, the first secret's key and its `kid`, with `iat`, `exp` and a fresh `jti` as
 * Auth.js's `encode` adds them. A256GCM rather than Auth.js's A256CBC-HS512: one AES pass with its
 * own tag instead of AES plus HMAC-SHA-512, and a key half the size.
 */
export function sealSessionToken(
  claims: Record<string, unknown>,
  ring: readonly SecretKeys[],
  expiresAtSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  const keys = ring[0];
  if (!keys) throw new Error("A session token needs at least one secret");
  const { key, kid } = keys.A256GCM;
  const headerPart = Buffer.from(JSON.stringify({ alg: "dir", enc: "A256GCM", kid })).toString("base64url");
  const payload = JSON.stringify({ ...claims, iat: nowSeconds, exp: expiresAtSeconds, jti: randomUUID() });
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(headerPart, "ascii"));
  const ciphertext = Buffer.concat([cipher.update(payload, "utf8"), cipher.final()]);
  return [
    headerPart,
    "",
    iv.toString("base64url"),
    ciphertext.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
  ].join(".");
}
