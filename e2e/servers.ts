/** The site under test, and a second one with the jwt revocation check on (same build, own database). */
export const PORT = Number(process.env.E2E_PORT ?? 3100);
export const CHECK_ON_PORT = PORT + 1;
/** The second server's hybrid tokens live this long (seconds), so that a revocation window fits in a test. */
export const HYBRID_TOKEN_TTL_ON_CHECK_SERVER = 15;
