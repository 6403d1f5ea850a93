/** How often an open page renews its session in the background (Auth.js re-issues the cookie on each read). */
export const RENEWAL_INTERVAL_SECONDS = 5 * 60;
