import { secondsUntil } from "@/lib/auth/rate-limits/rate-limit-bucket";

/** A wait in words a person reads at a glance: "30 seconds", "2 minutes", "1 hour". */
export function describeWait(seconds: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), "second");
  if (seconds < 60 * 60) return plural(Math.ceil(seconds / 60), "minute");
  return plural(Math.ceil(seconds / 3600), "hour");
}

/** What the password form says when its limits refuse an attempt. */
export function passwordThrottledMessage(retryAt: Date, now: Date = new Date()): string {
  return `Too many sign-in attempts for this account or from your network. Wait ${describeWait(secondsUntil(retryAt, now))}, then try again, or ask for a sign-in link instead.`;
}

/** What the link and sign-up forms say when an address or network has had its emails for now. */
export function emailThrottledMessage(retryAt: Date, now: Date = new Date()): string {
  return `We have sent as many emails to this address, or from your network, as we allow for now. Use the newest link you already have, or try again in ${describeWait(secondsUntil(retryAt, now))}.`;
}

/** What the sign-up form says when its network, or the address, has reached a limit for now. */
export function signUpThrottledMessage(retryAt: Date, now: Date = new Date()): string {
  return `Too many sign-ups from your network, or emails to this address, for now. Try again in ${describeWait(secondsUntil(retryAt, now))}; if you already signed up, use the link in your email.`;
}

/** What the link forms say when this server has no SMTP and no outbox (it is reachable by others). */
export const EMAIL_SIGN_IN_NOT_CONFIGURED_MESSAGE =
  "Email sign-in is not configured on this server, so no link was sent. Sign in with your password instead.";

/** What the sign-up form says then: the confirming link cannot be sent. */
export const SIGN_UP_NOT_CONFIGURED_MESSAGE =
  "Email sign-in is not configured on this server, so a new account cannot be confirmed. Ask whoever runs it to set EMAIL_SERVER.";

export const EMAIL_NOT_CONFIRMED_MESSAGE =
  "Your email address is not confirmed yet. Open the link we emailed you when you signed up, or send a new one below.";
