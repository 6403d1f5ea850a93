/**
 * The one log line for a session token that does not open, on either read path: never the token,
 * only that it happened, so that an instance with another AUTH_SECRET shows up in its logs.
 */
export function logUnreadableSessionToken(): void {
  console.error(
    "[auth] JWTSessionError: a session token could not be read (another AUTH_SECRET, tampering, or the store failed); answered as signed out",
  );
}
