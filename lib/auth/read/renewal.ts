/**
 * How often an open page renews its session in the background, and how old a token must be before a
 * read renews it: the same number, so a page that stays open keeps its token fresh.
 */
export const RENEWAL_INTERVAL_SECONDS = 5 * 60;

/** The renewal age for tokens that live `jwtMaxAgeSeconds`: at most a third of it, so a renewal always lands before expiry. */
export function renewalIntervalSeconds(jwtMaxAgeSeconds: number): number {
  return Math.max(1, Math.min(RENEWAL_INTERVAL_SECONDS, Math.floor(jwtMaxAgeSeconds / 3)));
}
