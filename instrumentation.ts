/** Runs once when a server starts: a bad environment stops start-up before the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitOnInvalidEnv } = await import("@/lib/env-startup-check");
  exitOnInvalidEnv();
}
