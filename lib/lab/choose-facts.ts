import "server-only";
import { getEnv } from "@/lib/env";
import type { ChooseFacts } from "@/lib/lab/choose";
import { loadAttackResults, loadBenchResults, loadClusterResults } from "@/lib/lab/committed-results";

/** What /choose and the home page cite: the committed results files and this server's own settings. */
export async function loadChooseFacts(): Promise<ChooseFacts> {
  const env = getEnv();
  const [bench, cluster, attacks] = await Promise.all([loadBenchResults(), loadClusterResults(), loadAttackResults()]);
  return {
    bench,
    cluster,
    attacks,
    live: {
      hybridTokenTtlSeconds: env.AUTH_HYBRID_TOKEN_TTL,
      accessTokenTtlSeconds: env.OIDC_ACCESS_TOKEN_TTL,
      jwtMaxAgeSeconds: env.AUTH_JWT_MAX_AGE,
      jwtRevocationCheck: env.AUTH_JWT_REVOCATION_CHECK === "on",
    },
  };
}
