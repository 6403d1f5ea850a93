/** How long a session lives without activity, in seconds (Auth.js's `maxAge`). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** How often an active session's expiry is pushed back, in seconds (Auth.js's `updateAge`). */
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;
