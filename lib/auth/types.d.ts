import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  /** Sessions always carry the user's id (see lib/auth/session-dto.ts). */
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
}
