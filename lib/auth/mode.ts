import { z } from "zod";
import { SESSION_MODES, SESSION_READ_PATHS } from "@/lib/session-modes";

export { SESSION_MODES, SESSION_READ_PATHS };
export type SessionMode = (typeof SESSION_MODES)[number];

export const sessionModeSchema = z.enum(SESSION_MODES);

export const MODE_LABELS: Record<SessionMode, string> = {
  database: "Server session (database)",
  jwt: "Token (JWT)",
  hybrid: "Hybrid (short-lived token in front of a server session)",
};

export type SessionReadPath = (typeof SESSION_READ_PATHS)[number];

export const SESSION_READ_PATH_LABELS: Record<SessionReadPath, string> = {
  authjs: "Auth.js read",
  lean: "Lean read",
};

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

/** Auth.js's strategy under a mode: a hybrid session is a database session with a token in front. */
export function authStrategy(mode: SessionMode): "database" | "jwt" {
  return mode === "jwt" ? "jwt" : "database";
}

/** A browser's mode and, for server sessions, where they live; a token keeps no session store. */
export type SessionSetup = { mode: "jwt"; store: null } | { mode: "database" | "hybrid"; store: SessionStoreName };

/** The mode cookie's values, as Settings offers them: a mode, and for a server session its store after a colon (PostgreSQL's is plain). */
export const MODE_COOKIE_VALUES = [
  "jwt",
  "database",
  "database:redis",
  "database:memory",
  "hybrid",
  "hybrid:redis",
  "hybrid:memory",
] as const;
export type ModeCookieValue = (typeof MODE_COOKIE_VALUES)[number];

export const modeCookieValueSchema = z.enum(MODE_COOKIE_VALUES);

export const SETUP_LABELS: Record<ModeCookieValue, string> = {
  jwt: MODE_LABELS.jwt,
  database: MODE_LABELS.database,
  "database:redis": "Server session (Redis)",
  "database:memory": "Server session (this server's memory)",
  hybrid: "Hybrid (token + PostgreSQL session)",
  "hybrid:redis": "Hybrid (token + Redis session)",
  "hybrid:memory": "Hybrid (token + session in this server's memory)",
};

/** The mode cookie's value for a setup; PostgreSQL, the default store, keeps the plain `database` that older cookies hold. */
export function modeCookieValue(setup: SessionSetup): ModeCookieValue {
  if (setup.mode === "jwt") return "jwt";
  const values: Record<"database" | "hybrid", Record<SessionStoreName, ModeCookieValue>> = {
    database: { postgres: "database", redis: "database:redis", memory: "database:memory" },
    hybrid: { postgres: "hybrid", redis: "hybrid:redis", memory: "hybrid:memory" },
  };
  return values[setup.mode][setup.store];
}

/** The setup a mode on its own means: server sessions in the default store. */
export function setupOfMode(mode: SessionMode): SessionSetup {
  return mode === "jwt" ? { mode, store: null } : { mode, store: DEFAULT_SESSION_STORE };
}

/**
 * Any unknown or missing value falls back to the default mode, and an unknown store to the default store,
 * so a bad cookie never breaks a request.
 */
export function resolveSetup(value: string | undefined | null, fallback: SessionMode): SessionSetup {
  const [modePart, storePart, ...rest] = (value ?? "").split(":");
  const mode = sessionModeSchema.safeParse(modePart);
  if (!mode.success) return setupOfMode(fallback);
  if (mode.data === "jwt") return { mode: "jwt", store: null };
  const store = sessionStoreNameSchema.safeParse(rest.length === 0 ? storePart : undefined);
  return { mode: mode.data, store: store.success ? store.data : DEFAULT_SESSION_STORE };
}

/** Any unknown or missing value falls back to the default, so a bad cookie never breaks a request. */
export function resolveMode(value: string | undefined | null, fallback: SessionMode): SessionMode {
  return resolveSetup(value, fallback).mode;
}

/** How the header and pages name a setup: the mode, and for a server session its store. */
export function setupLabel(setup: SessionSetup): string {
  return SETUP_LABELS[modeCookieValue(setup)];
}
