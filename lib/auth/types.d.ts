import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  /** Sessions always carry the user's id (see lib/auth/session-dto.ts). */
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
}

declare module "next-auth/jwt" {
  /** The id of this token's IssuedToken row: what revoking a jwt-mode device marks. */
  interface JWT {
    sid?: string;
    /** When the person signed in (seconds): renewals stop 30 days after it. */
    authTime?: number;
  }
}
