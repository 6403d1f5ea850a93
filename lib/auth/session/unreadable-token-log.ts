/** Hostile or foreign cookies a read meets; each kind is counted and logged on its own. */
export type HostileCookieKind = "unreadable-session-token";

const WHY: Record<HostileCookieKind, string> = {
  "unreadable-session-token": "(another AUTH_SECRET, tampering, or the store failed); answered as signed out",
};

export const HOSTILE_COOKIE_LOG_INTERVAL_MS = 60_000;

/**
 * A counter per kind that logs at most one line a minute: the first at once, so that an instance with
 * another AUTH_SECRET shows up in its logs, then how many more came in each minute that had any. A flood of
 * bad cookies costs one line a minute, never one per request. Never the token, only that it happened.
 */
export function createHostileCookieLog(
  log: (line: string) => void = (line) => console.error(line),
  intervalMs = HOSTILE_COOKIE_LOG_INTERVAL_MS,
): (kind: HostileCookieKind) => void {
  // Kinds inside a window, with how many came since their last line.
  const counted = new Map<HostileCookieKind, number>();
  const closeWindow = (kind: HostileCookieKind) => {
    const more = counted.get(kind) ?? 0;
    if (more === 0) {
      counted.delete(kind);
      return;
    }
    log(
      `[auth] JWTSessionError: ${more} more session ${more === 1 ? "token" : "tokens"} could not be read in the last minute ${WHY[kind]}`,
    );
    counted.set(kind, 0);
    // unref: a pending count never keeps the process alive.
    setTimeout(() => closeWindow(kind), intervalMs).unref();
  };
  return (kind) => {
    const inWindow = counted.get(kind);
    if (inWindow !== undefined) {
      counted.set(kind, inWindow + 1);
      return;
    }
    log(`[auth] JWTSessionError: a session token could not be read ${WHY[kind]}; more are counted, one line a minute`);
    counted.set(kind, 0);
    setTimeout(() => closeWindow(kind), intervalMs).unref();
  };
}

const countHostileCookie = createHostileCookieLog();

/** The one log call for a session token that does not open, on either read path. */
export function logUnreadableSessionToken(): void {
  countHostileCookie("unreadable-session-token");
}
