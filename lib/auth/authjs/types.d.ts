import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  /** Sessions always carry the user's id (see lib/auth/read/session-dto.ts). */
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
}

declare module "next-auth/jwt" {
  /** The id of this token's IssuedToken row: what revoking a jwt-mode device marks. */
  interface JWT {
    sid?: string;
    /** When the person originally signed in (seconds), carried across mode switches: renewals stop 30 days after it. */
    authTime?: number;
    /** When the token was last renewed (seconds): it expires AUTH_JWT_MAX_AGE after this, since `iat` is reset on every re-encryption. */
    renewedAt?: number;
  }
}
