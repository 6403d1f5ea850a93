import { createHash, randomBytes } from "node:crypto";

/** What the Session table stores for a cookie's token: SHA-256, hex. A 256-bit random token needs no salt. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A fresh opaque session token: 256 random bits. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}
