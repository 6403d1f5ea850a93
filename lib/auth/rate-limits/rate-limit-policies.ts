import "server-only";
import { getEnv, type Env } from "@/lib/env";
import type { RateLimitClaim } from "@/lib/auth/rate-limits/rate-limit";
import { rateLimitClient as client } from "@/lib/auth/rate-limits/client-bucket";
import { SIGN_IN_LINK_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** Password guesses: after the limit, wait 30 s, doubling per further attempt up to 15 min; counters restart after an hour. */
const PASSWORD_WINDOW_SECONDS = HOUR;
const PASSWORD_BACKOFF = { firstSeconds: 30, maxSeconds: 15 * MINUTE } as const;
/** Sign-in links (and sign-up emails): a fixed count per window as long as the links' own lifetime. */
const LINK_WINDOW_SECONDS = SIGN_IN_LINK_MAX_AGE_SECONDS;
const SIGN_UP_WINDOW_SECONDS = HOUR;

/**
 * A password attempt counts against the account named from this client (the tight limit), the account from
 * everywhere (a looser ceiling, so a guess spread over many clients still stops) and the client across accounts.
 * Accounts count whether they exist or not, so a lockout reveals nothing.
 */
export function passwordClaims(email: string, ipAddress: string | null, env: Env = getEnv()) {
  const policy = (limit: number) => ({ limit, windowSeconds: PASSWORD_WINDOW_SECONDS, backoff: PASSWORD_BACKOFF });
  return {
    accountFromClient: {
      key: `password:account-client:${client(ipAddress)}:${email}`,
      policy: policy(env.AUTH_RATE_LIMIT_PASSWORD_PER_ACCOUNT_CLIENT),
    },
    account: { key: `password:account:${email}`, policy: policy(env.AUTH_RATE_LIMIT_PASSWORD_PER_ACCOUNT) },
    client: { key: `password:client:${client(ipAddress)}`, policy: policy(env.AUTH_RATE_LIMIT_PASSWORD_PER_CLIENT) },
  } satisfies Record<string, RateLimitClaim>;
}

/** Every email with a sign-in link counts against its address (no inbox flooding) and the client. */
export function signInLinkClaims(email: string, ipAddress: string | null, env: Env = getEnv()): RateLimitClaim[] {
  return [
    { key: `link:email:${email}`, policy: { limit: env.AUTH_RATE_LIMIT_LINKS_PER_EMAIL, windowSeconds: LINK_WINDOW_SECONDS } },
    {
      key: `link:client:${client(ipAddress)}`,
      policy: { limit: env.AUTH_RATE_LIMIT_LINKS_PER_CLIENT, windowSeconds: LINK_WINDOW_SECONDS },
    },
  ];
}

/** Sign-ups count against the client, whether or not the address was taken. */
export function signUpClaims(ipAddress: string | null, env: Env = getEnv()): RateLimitClaim[] {
  return [
    {
      key: `sign-up:client:${client(ipAddress)}`,
      policy: { limit: env.AUTH_RATE_LIMIT_SIGN_UPS_PER_CLIENT, windowSeconds: SIGN_UP_WINDOW_SECONDS },
    },
  ];
}
