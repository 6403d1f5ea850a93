import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import type { JWT } from "next-auth/jwt";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { sessionKeyRing, type SecretKeys } from "@/lib/auth/tokens/keys";

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

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * When a jwt-mode token must stop working (seconds): AUTH_JWT_MAX_AGE after its last renewal, never after its
 * grant ends. Not renewing keeps this fixed, however often Auth.js re-encrypts the token.
 */
export function tokenExpiresAt(token: JWT, maxAgeSeconds: number): number {
  const lifetimeEnd =
    typeof token.renewedAt === "number"
      ? token.renewedAt + maxAgeSeconds
      : // A token from before renewals were recorded keeps the expiry it came with.
        typeof token.exp === "number"
        ? token.exp
        : nowSeconds() + maxAgeSeconds;
  const grantEnd = typeof token.authTime === "number" ? token.authTime + SESSION_MAX_AGE_SECONDS : lifetimeEnd;
  return Math.min(lifetimeEnd, grantEnd);
}

export type JwtSealing = {
  /** The session cookie's name: Auth.js salts the key with it. */
  cookieName: string;
  /** AUTH_SECRET first (it seals), then the previous secrets. */
  secrets: readonly string[];
  /** Lifetime of a jwt-mode token, in seconds (AUTH_JWT_MAX_AGE). */
  maxAgeSeconds: number;
};

/** Seals a jwt-mode token with the first secret (A256GCM, keys derived once), expiring when `tokenExpiresAt` says. */
export function sealJwt(token: JWT, { cookieName, secrets, maxAgeSeconds }: JwtSealing): { value: string; expires: Date } {
  const expiresAt = tokenExpiresAt(token, maxAgeSeconds);
  return { value: sealSessionToken(token, sessionKeyRing(secrets, cookieName), expiresAt), expires: new Date(expiresAt * 1000) };
}
