import { parseEnv, type Env } from "@/lib/env-schema";

/** The app's environment with some variables changed, as a server started with them would parse it. */
export function envWith(overrides: Record<string, string>): Env {
  return parseEnv({ ...process.env, ...overrides });
}
