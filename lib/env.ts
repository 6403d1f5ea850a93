import "server-only";
import { parseEnv, type Env } from "@/lib/env-schema";

export type { Env };

let cached: Env | undefined;

/** The validated environment, parsed on first use so that `next build` needs no secrets. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
