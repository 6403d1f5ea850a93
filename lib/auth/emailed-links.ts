import "server-only";
// Emailed links, for signing in and for confirming a sign-up: the limits are charged, then Auth.js's own email flow sends them.
import { nextAuth } from "@/lib/auth/authjs/config";
import { chargeAttempt } from "@/lib/auth/rate-limits/rate-limit";
import { signInLinkClaims, signUpClaims } from "@/lib/auth/rate-limits/rate-limit-policies";
import { readRequestContext } from "@/lib/auth/request-context";
import { passwordFingerprint, withSignInLinkContext } from "@/lib/auth/sign-in-links/sign-in-link-context";
import { emailDeliveryConfigured } from "@/lib/mail/deliver-magic-link";
import type { SignInEmailKind } from "@/lib/mail/sign-in-email";
import { prisma } from "@/lib/db/client";
import { createPendingPasswordAccount } from "@/lib/auth/passwords/accounts";
import { hashPassword } from "@/lib/auth/passwords/password";

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

const EMAIL_NOT_CONFIGURED: SignInLinkResult = { ok: false, reason: "email-not-configured" };

/** The limits an emailed link counts against, charged by whoever sends one. */
async function chargeSignInLink(email: string): Promise<SignInLinkResult> {
  const charge = await chargeAttempt(signInLinkClaims(email, (await readRequestContext()).ipAddress));
  return charge.allowed ? { ok: true } : { ok: false, reason: "throttled", retryAt: charge.retryAt };
}

/**
 * Emails a single-use link through Auth.js's own email flow, called in-process (never over HTTP).
 * The adapter stores it hashed and voids the address's older links. No limits: callers charge them.
 */
async function emailSignInLink(request: SignInLinkRequest): Promise<void> {
  const context = {
    kind: request.kind,
    passwordFingerprint: request.pendingPasswordHash ? passwordFingerprint(request.pendingPasswordHash) : null,
  };
  await withSignInLinkContext(context, () =>
    nextAuth.signIn("nodemailer", { email: request.email, redirectTo: request.redirectTo, redirect: false }),
  );
}

/** Charges the limits, then emails the link; refused with the time to try again when a limit is reached, or when no email can go out. */
export async function requestSignInLink(request: SignInLinkRequest): Promise<SignInLinkResult> {
  if (!emailDeliveryConfigured()) return EMAIL_NOT_CONFIGURED;
  const charged = await chargeSignInLink(request.email);
  if (charged.ok) await emailSignInLink(request);
  return charged;
}

export type SignUpInput = { name?: string; email: string; password: string };

// Where a confirmed or signed-in person lands.
const AFTER_LINK = "/account";

/**
 * Starts a password account. The address must be proved before the account can be used: the person
 * gets a link by email. Whether or not the address was taken, the same work runs (one hash, one
 * email) and the same answer comes back; the owner of a taken address is told so by email instead.
 */
export async function startSignUp(input: SignUpInput): Promise<SignInLinkResult> {
  // Without a way to send the confirming link, the account could never be used: create nothing.
  if (!emailDeliveryConfigured()) return EMAIL_NOT_CONFIGURED;
  const { ipAddress } = await readRequestContext();
  const charge = await chargeAttempt([...signUpClaims(ipAddress), ...signInLinkClaims(input.email, ipAddress)]);
  if (!charge.allowed) return { ok: false, reason: "throttled", retryAt: charge.retryAt };
  const passwordHash = await hashPassword(input.password);
  const created = await createPendingPasswordAccount({ name: input.name, email: input.email, passwordHash });
  await emailSignInLink(
    created.ok
      ? { email: input.email, kind: "confirm-sign-up", redirectTo: AFTER_LINK, pendingPasswordHash: passwordHash }
      : { email: input.email, kind: "existing-account", redirectTo: AFTER_LINK },
  );
  return { ok: true };
}

/**
 * Sends the confirmation link again. For an account still waiting, the link confirms its pending
 * password; for any other address it is a plain sign-in link, so the answer reveals nothing.
 */
export async function resendSignUpConfirmation(email: string): Promise<SignInLinkResult> {
  const user = await prisma().user.findUnique({ where: { email }, select: { emailVerified: true, passwordHash: true } });
  const pendingPasswordHash = user && !user.emailVerified ? user.passwordHash : null;
  return requestSignInLink(
    pendingPasswordHash
      ? { email, kind: "confirm-sign-up", redirectTo: AFTER_LINK, pendingPasswordHash }
      : { email, kind: "sign-in", redirectTo: AFTER_LINK },
  );
}
