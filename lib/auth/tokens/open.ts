import { createDecipheriv, createHmac, timingSafeEqual } from "node:crypto";
import type { SecretKeys, SessionTokenEncryption } from "@/lib/auth/tokens/keys";

/**
 * Auth.js's allowance for clock skew on `exp` and `nbf`, in seconds: a jwt-mode token still opens this long
 * past its expiry. A hybrid token asks for less (HYBRID_CLOCK_TOLERANCE_SECONDS), since it bounds revocation.
 */
const CLOCK_TOLERANCE_SECONDS = 15;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Lengths in bytes that each encryption's IV and tag must have (RFC 7518). */
const SHAPE: Record<SessionTokenEncryption, { iv: number; tag: number }> = {
  "A256CBC-HS512": { iv: 16, tag: 32 },
  A256GCM: { iv: 12, tag: 16 },
};

type JsonObject = Record<string, unknown>;

const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A base64url part decoded exactly as jose does on Node 20 (atob's forgiving base64): ASCII
 * whitespace is skipped, "=" padding is allowed, "+" and "/" are not, and a length of 4n+1 fails.
 * Buffer.from alone would skip any character it does not know.
 */
function decodePart(part: string): Buffer | undefined {
  if (/[+/]/.test(part)) return undefined;
  let data = part
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .replace(/[\t\n\f\r ]/g, "");
  if (data.length % 4 === 0) data = data.replace(/={1,2}$/, "");
  if (data.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(data)) return undefined;
  return Buffer.from(data, "base64");
}

function parseJsonObject(bytes: Buffer): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(strictUtf8.decode(bytes));
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The key Auth.js would pick: by `kid` among all secrets, or the first secret's when there is none. */
function pickKey(ring: readonly SecretKeys[], encryption: SessionTokenEncryption, kid: unknown): Buffer | undefined {
  if (kid === undefined) return ring[0]?.[encryption].key;
  return ring.find((keys) => keys[encryption].kid === kid)?.[encryption].key;
}

/** AES-256-GCM, tag checked by the cipher. */
function decryptGcm(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** AES-256-CBC with HMAC-SHA-512 (RFC 7518 §5.2.5): the MAC is checked, in constant time, before decrypting. */
function decryptCbcHs512(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Buffer | undefined {
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length * 8));
  const mac = createHmac("sha512", key.subarray(0, 32)).update(aad).update(iv).update(ciphertext).update(aadBits).digest();
  if (!timingSafeEqual(mac.subarray(0, 32), tag)) return undefined;
  const decipher = createDecipheriv("aes-256-cbc", key.subarray(32), iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** Auth.js's (jose's) claim checks: numeric dates are numbers, `exp` and `nbf` hold within the clock tolerance given. */
function claimsFailure(
  claims: JsonObject,
  header: JsonObject,
  nowSeconds: number,
  toleranceSeconds: number,
): "expired" | "invalid" | undefined {
  for (const name of ["iat", "nbf", "exp"]) {
    if (claims[name] !== undefined && typeof claims[name] !== "number") return "invalid";
  }
  if (typeof claims.nbf === "number" && claims.nbf > nowSeconds + toleranceSeconds) return "invalid";
  if (typeof claims.exp === "number" && claims.exp <= nowSeconds - toleranceSeconds) return "expired";
  // Claims replicated into the header must agree with the payload.
  for (const name of ["iss", "sub"]) {
    if (header[name] !== undefined && header[name] !== claims[name]) return "invalid";
  }
  return header.aud === undefined || JSON.stringify(header.aud) === JSON.stringify(claims.aud) ? undefined : "invalid";
}

/** What opening a token gave: its claims, or why not (an expired token is the normal end of one; anything else is worth a log line). */
export type OpenedSessionToken = { claims: JsonObject } | { failure: "expired" | "invalid" };

/**
 * Opens a session token the way Auth.js's `decode` does, with keys derived once: a compact JWE with
 * `alg: dir`, `enc` A256CBC-HS512 or A256GCM, no critical extensions, the protected header as
 * additional authenticated data, and valid claims. Anything else is null. One deliberate
 * difference: jose would inflate a `zip: "DEF"` token, which this app never issues; it is refused.
 */
export function openSessionToken(token: string, ring: readonly SecretKeys[], nowSeconds = Date.now() / 1000): JsonObject | null {
  const opened = openSessionTokenExplained(token, ring, nowSeconds);
  return "claims" in opened ? opened.claims : null;
}

/**
 * openSessionToken, saying why a token did not open. `clockToleranceSeconds` (Auth.js's by default) may be
 * smaller for a token that only the same servers issue and read, where clocks cannot disagree by much.
 */
export function openSessionTokenExplained(
  token: string,
  ring: readonly SecretKeys[],
  nowSeconds = Date.now() / 1000,
  { clockToleranceSeconds = CLOCK_TOLERANCE_SECONDS }: { clockToleranceSeconds?: number } = {},
): OpenedSessionToken {
  const invalid = { failure: "invalid" } as const;
  const parts = token.split(".");
  if (parts.length !== 5) return invalid;
  const [headerPart, encryptedKeyPart, ivPart, ciphertextPart, tagPart] = parts as [string, string, string, string, string];
  const headerBytes = decodePart(headerPart);
  const header = headerBytes && parseJsonObject(headerBytes);
  if (header?.alg !== "dir" || header.zip !== undefined || header.crit !== undefined) return invalid;
  const encryption = header.enc;
  if (encryption !== "A256GCM" && encryption !== "A256CBC-HS512") return invalid;
  // With `dir` the key is not carried in the token: this part must be empty.
  if (encryptedKeyPart !== "") return invalid;
  const [iv, ciphertext, tag] = [decodePart(ivPart), decodePart(ciphertextPart), decodePart(tagPart)];
  if (!iv || !ciphertext || !tag || iv.length !== SHAPE[encryption].iv || tag.length !== SHAPE[encryption].tag) return invalid;
  const key = pickKey(ring, encryption, header.kid);
  if (!key) return invalid;
  const aad = Buffer.from(headerPart, "ascii");
  let plaintext: Buffer | undefined;
  try {
    plaintext =
      encryption === "A256GCM" ? decryptGcm(key, iv, ciphertext, tag, aad) : decryptCbcHs512(key, iv, ciphertext, tag, aad);
  } catch {
    return invalid;
  }
  const claims = plaintext && parseJsonObject(plaintext);
  if (!claims) return invalid;
  const failure = claimsFailure(claims, header, Math.floor(nowSeconds), clockToleranceSeconds);
  return failure ? { failure } : { claims };
}
