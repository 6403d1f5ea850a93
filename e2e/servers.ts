/** The site under test, and a second one with the jwt revocation check on (same build, own database). */
// 3000 is the site, 3100 the API service: the browser tests keep ports of their own.
export const PORT = Number(process.env.E2E_PORT ?? 3200);
/** The first of the two servers' embedded PostgreSQL ports (overridable, so two runs on one machine never share one). */
export const E2E_DB_PORT = Number(process.env.E2E_DB_PORT ?? 25449);
export const CHECK_ON_PORT = PORT + 1;
/** The second server's hybrid tokens live this long (seconds), so that a revocation window fits in a test. */
export const HYBRID_TOKEN_TTL_ON_CHECK_SERVER = 15;
/** Each e2e site's API service listens 50 ports above it; its URL is the resource its tokens name. */
export const apiPortOf = (sitePort: number) => sitePort + 50;
/** The second server's access tokens live this long (seconds), so that a revoked grant's window fits in a test. */
export const ACCESS_TOKEN_TTL_ON_CHECK_SERVER = 10;
/** Each e2e site's demonstration attacker listens 100 ports above it, on 127.0.0.1: another site than localhost. */
export const attackerPortOf = (sitePort: number) => sitePort + 100;
