import "server-only";
import { createHash } from "node:crypto";
import type { KoaContextWithOIDC } from "oidc-provider";
import { rateLimitClient } from "@/lib/auth/rate-limits/client-bucket";
import { chargeAttempt, type RateLimitClaim, type RateLimitOutcome } from "@/lib/auth/rate-limits/rate-limit";
import { secondsUntil } from "@/lib/auth/rate-limits/rate-limit-bucket";

const TOKEN_WINDOW_SECONDS = 60;
/** RFC 8628 §3.5: a device waits `interval` seconds between polls, 5 when the provider names none (ours does not). */
const DEVICE_POLL_INTERVAL_SECONDS = 5;

type Next = () => Promise<unknown>;

/** An RFC 6749 §5.2 error body, as the provider's own errors look. */
function answerError(ctx: KoaContextWithOIDC, status: number, error: string, description: string) {
  ctx.status = status;
  ctx.set("Cache-Control", "no-store");
  ctx.body = { error, error_description: description };
}

/** The codes and refresh tokens live in the same database as the counters: while it is down there is nothing to guess. */
async function chargeOrAllow(claims: RateLimitClaim[]): Promise<RateLimitOutcome> {
  try {
    return await chargeAttempt(claims);
  } catch (error) {
    console.error(`[oidc] rate limit not checked: ${error instanceof Error ? error.name : "error"}`);
    return { allowed: true, nextAllowedAt: null };
  }
}

/** RFC 8628 §3.5: a device that polls again before `interval` has passed hears slow_down instead of authorization_pending. */
async function slowDownEarlyPolls(ctx: KoaContextWithOIDC) {
  const body = ctx.body as { error?: unknown } | undefined;
  const deviceCode = ctx.oidc.params?.device_code;
  if (ctx.status !== 400 || body?.error !== "authorization_pending" || typeof deviceCode !== "string") return;
  // Hashed: the counter's key must not be a usable device code.
  const key = `oidc-device-poll:${createHash("sha256").update(deviceCode).digest("hex")}`;
  const poll = await chargeOrAllow([{ key, policy: { limit: 1, windowSeconds: DEVICE_POLL_INTERVAL_SECONDS } }]);
  if (!poll.allowed)
    answerError(
      ctx,
      400,
      "slow_down",
      `Poll at most every ${DEVICE_POLL_INTERVAL_SECONDS} seconds, and 5 seconds slower after each slow_down`,
    );
}

/**
 * The token endpoint's limits (device polling included): `perMinute` requests per client address, counted in
 * PostgreSQL like the sign-in limits (lib/auth/rate-limits), then a 429 with Retry-After; and slow_down for a device
 * polling faster than its interval, which oidc-provider 9 defines but does not enforce.
 */
export function tokenEndpointLimits(perMinute: number) {
  return async (ctx: KoaContextWithOIDC, next: Next) => {
    if (ctx.method !== "POST" || ctx.path !== "/token") return next();
    // The front door rewrote X-Forwarded-For to the client's address, as far as trusted proxies vouch for it.
    const client = rateLimitClient(ctx.get("x-forwarded-for") || null);
    const outcome = await chargeOrAllow([
      { key: `oidc-token:client:${client}`, policy: { limit: perMinute, windowSeconds: TOKEN_WINDOW_SECONDS } },
    ]);
    if (!outcome.allowed) {
      const seconds = secondsUntil(outcome.retryAt);
      ctx.set("Retry-After", String(seconds));
      answerError(
        ctx,
        429,
        "invalid_request",
        `Too many token requests from your network address: wait ${seconds} seconds, then try again`,
      );
      return;
    }
    await next();
    await slowDownEarlyPolls(ctx);
  };
}

/**
 * oidc-provider 9.13 answers a code entry (POST /device) that has no stored provider session (no cookie, or an
 * expired one) with a 500: it re-renders the form with a new xsrf secret, then cannot save the session it never
 * stored. Such a post can never pass the xsrf check anyway, so the browser goes back to the form, which starts one.
 */
export async function codeEntryNeedsASession(ctx: KoaContextWithOIDC, next: Next) {
  if (ctx.method !== "POST" || ctx.path !== "/device") return next();
  try {
    await next();
  } catch (error) {
    // A stored session has its expiry; only one never stored hits the library's failure.
    if (!ctx.oidc.session || typeof ctx.oidc.session.exp === "number") throw error;
    ctx.status = 303;
    ctx.set("Cache-Control", "no-store");
    ctx.redirect(ctx.oidc.urlFor("code_verification"));
  }
}
