import { parseEnv } from "@/lib/env-schema";

/** Stops the server with one readable line when the environment is invalid. */
export function exitOnInvalidEnv() {
  try {
    parseEnv(process.env);
  } catch (error) {
    console.error(`[lab] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
