import { z } from "zod";

/** Where a database-mode session lives. Users, accounts and sign-in links stay in PostgreSQL whatever the store. */
export const SESSION_STORE_NAMES = ["postgres", "redis", "memory"] as const;
export type SessionStoreName = (typeof SESSION_STORE_NAMES)[number];

export const sessionStoreNameSchema = z.enum(SESSION_STORE_NAMES);

/** The default store: the one the database mode has always used. */
export const DEFAULT_SESSION_STORE: SessionStoreName = "postgres";

export const STORE_LABELS: Record<SessionStoreName, string> = {
  postgres: "PostgreSQL",
  redis: "Redis",
  memory: "this server's memory",
};
