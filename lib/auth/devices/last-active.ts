/** How stale "last active" may get before a read refreshes it: worth a write every few minutes, not one per request. */
export const LAST_ACTIVE_RESOLUTION_MS = 5 * 60 * 1000;
