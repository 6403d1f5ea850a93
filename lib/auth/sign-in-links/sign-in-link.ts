import "server-only";
import { signIn } from "@/lib/auth";
import { chargeAttempt } from "@/lib/auth/rate-limits/rate-limit";
import { signInLinkClaims } from "@/lib/auth/rate-limits/rate-limit-policies";
import { readRequestContext } from "@/lib/auth/request-context";
import { passwordFingerprint, withSignInLinkContext } from "@/lib/auth/sign-in-links/sign-in-link-context";
import { emailDeliveryConfigured } from "@/lib/mail/deliver-magic-link";
import type { SignInEmailKind } from "@/lib/mail/sign-in-email";

export type SignInLinkRequest = {
  email: string;
  kind: SignInEmailKind;
  redirectTo: string;
  /** For a sign-up's link: the pending password it confirms. Any other link clears a pending password. */
  pendingPasswordHash?: string;
};

export type SignInLinkResult =
  | { ok: true }
  | { ok: false; reason: "throttled"; retryAt: Date }
  /** No SMTP and no outbox (a server others can reach): nothing was charged, written or sent. */
  | { ok: false; reason: "email-not-configured" };

export const EMAIL_NOT_CONFIGURED: SignInLinkResult = { ok: false, reason: "email-not-configured" };

/** The limits an emailed link counts against, charged by whoever sends one. */
async function chargeSignInLink(email: string): Promise<SignInLinkResult> {
  const charge = await chargeAttempt(signInLinkClaims(email, (await readRequestContext()).ipAddress));
  return charge.allowed ? { ok: true } : { ok: false, reason: "throttled", retryAt: charge.retryAt };
}

/**
 * Emails a single-use link through Auth.js's own email flow, called in-process (never over HTTP).
 * The adapter stores it hashed and voids the address's older links. No limits: callers charge them.
 */
export async function emailSignInLink(request: SignInLinkRequest): Promise<void> {
  const context = {
    kind: request.kind,
    passwordFingerprint: request.pendingPasswordHash ? passwordFingerprint(request.pendingPasswordHash) : null,
  };
  await withSignInLinkContext(context, () =>
    signIn("nodemailer", { email: request.email, redirectTo: request.redirectTo, redirect: false }),
  );
}

/** Charges the limits, then emails the link; refused with the time to try again when a limit is reached, or when no email can go out. */
export async function requestSignInLink(request: SignInLinkRequest): Promise<SignInLinkResult> {
  if (!emailDeliveryConfigured()) return EMAIL_NOT_CONFIGURED;
  const charged = await chargeSignInLink(request.email);
  if (charged.ok) await emailSignInLink(request);
  return charged;
}
