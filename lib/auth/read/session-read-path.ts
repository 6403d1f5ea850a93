/**
 * The two ways the lab reads a session for pages and JSON routes: through Auth.js (`auth()`), or
 * through the lean path, which gives the same answers (lib/auth/read/lean-read.test.ts) at a fraction of the cost.
 * Auth.js keeps sign-in, sign-out and its own routes either way.
 */
export const SESSION_READ_PATHS = ["authjs", "lean"] as const;
export type SessionReadPath = (typeof SESSION_READ_PATHS)[number];

export const SESSION_READ_PATH_LABELS: Record<SessionReadPath, string> = {
  authjs: "Auth.js read",
  lean: "Lean read",
};
