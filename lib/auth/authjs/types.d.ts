import type { SessionDto } from "@/lib/auth/session/types";

declare module "next-auth" {
  /** A session is the DTO in both modes (lib/auth/session/types.ts): always the user's id, never a token. */
  interface Session {
    user: SessionDto["user"];
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
