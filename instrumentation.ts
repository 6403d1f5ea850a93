/** Runs once when a server starts: a bad environment stops start-up; expired credentials are cleaned up. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitOnInvalidEnv } = await import("@/lib/env-startup-check");
  exitOnInvalidEnv();
  const { scheduleExpiredCredentialCleanup } = await import("@/lib/auth/devices/expired-credentials");
  scheduleExpiredCredentialCleanup();
}
