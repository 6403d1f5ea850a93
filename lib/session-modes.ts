// Mode names the env schema and lib/auth/mode.ts share; it imports nothing, because a client component imports the modes.

/** The ways of keeping a person signed in: Auth.js's two, in its own words, and the hybrid of both. */
export const SESSION_MODES = ["database", "jwt", "hybrid"] as const;

/**
 * The two ways the lab reads a session for pages and JSON routes: through Auth.js (`auth()`), or through the
 * lean path, which gives the same answers (the differential test) at a fraction of the cost. Auth.js keeps
 * sign-in, sign-out and its own routes either way.
 */
export const SESSION_READ_PATHS = ["authjs", "lean"] as const;
