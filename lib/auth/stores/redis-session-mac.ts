import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

// Its own HKDF salt and info, so the key is used for nothing else (cookies and hybrid tokens have theirs).
const MAC_SALT = "Session vs Token Lab Redis session hash";
const MAC_INFO = "Session vs Token Lab Redis session hash HMAC-SHA256 key";
// Versioned, so a change of the fields covered never verifies against an old layout.
const MAC_LAYOUT = "redis-session-v1";

/**
 * The fields a read trusts to build a session: who it is (id, name, email, image), which token it belongs
 * to, and when it ends. Device details (user agent, address, last active) are shown, never trusted, and are
 * not covered, so that recording activity needs no new MAC.
 */
export type MacFields = {
  tokenHash: string;
  id: string;
  userId: string;
  expires: string;
  authenticatedAt: string;
  createdAt: string;
  userName: string | undefined;
  userEmail: string | undefined;
  userImage: string | undefined;
};

export type RedisSessionMac = {
  /** The MAC under the current secret (AUTH_SECRET), base64url. */
  sign: (fields: MacFields) => string;
  /** Whether `mac` is the MAC of these fields under the current or a previous secret. */
  verify: (fields: MacFields, mac: string | undefined) => boolean;
};

/** One HMAC key per secret, current first: rotation through AUTH_PREVIOUS_SECRETS as for cookies. */
export function redisSessionMac(secrets: readonly [string, ...string[]]): RedisSessionMac {
  const keys = secrets.map((secret) => Buffer.from(hkdfSync("sha256", secret, MAC_SALT, MAC_INFO, 32)));
  // A JSON array: no field's text can run into the next one's.
  const message = (fields: MacFields) =>
    JSON.stringify([
      MAC_LAYOUT,
      fields.tokenHash,
      fields.id,
      fields.userId,
      fields.expires,
      fields.authenticatedAt,
      fields.createdAt,
      fields.userName ?? null,
      fields.userEmail ?? null,
      fields.userImage ?? null,
    ]);
  const macUnder = (key: Buffer, fields: MacFields) => createHmac("sha256", key).update(message(fields), "utf8").digest();
  const [current] = keys as [Buffer, ...Buffer[]];
  return {
    sign: (fields) => macUnder(current, fields).toString("base64url"),
    verify: (fields, mac) => {
      if (mac === undefined) return false;
      const given = Buffer.from(mac, "base64url");
      return keys.some((key) => {
        const expected = macUnder(key, fields);
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
    },
  };
}
