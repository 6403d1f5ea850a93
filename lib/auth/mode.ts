import { z } from "zod";

/** The two ways of keeping a person signed in, in Auth.js's own words. */
export const SESSION_MODES = ["database", "jwt"] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

export const sessionModeSchema = z.enum(SESSION_MODES);

export const MODE_LABELS: Record<SessionMode, string> = {
  database: "Server session (database)",
  jwt: "Token (JWT)",
};

/** The cookie that remembers which mode this browser uses (its name over plain http). */
export const MODE_COOKIE_NAME = "lab-session-mode";

/** Over https the mode cookie is `__Host-`: only this exact origin may set it, so a sibling subdomain cannot pick the mode. */
export function modeCookieName(secure: boolean): string {
  return secure ? `__Host-${MODE_COOKIE_NAME}` : MODE_COOKIE_NAME;
}

/** Any unknown or missing value falls back to the default, so a bad cookie never breaks a request. */
export function resolveMode(value: string | undefined | null, fallback: SessionMode): SessionMode {
  const parsed = sessionModeSchema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}
