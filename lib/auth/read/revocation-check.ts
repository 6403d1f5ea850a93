import "server-only";
import { getEnv, type Env } from "@/lib/env";

/**
 * Whether jwt-mode reads look their token up in the deny-list (one database read each). A security
 * policy, so it is deployment configuration (AUTH_JWT_REVOCATION_CHECK), never a switch in the UI.
 */
export function isJwtRevocationCheckOn(env: Env = getEnv()): boolean {
  return env.AUTH_JWT_REVOCATION_CHECK === "on";
}
