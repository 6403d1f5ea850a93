import "server-only";
import { prisma } from "@/lib/db/client";
import { createPendingPasswordAccount } from "@/lib/auth/passwords/accounts";
import { hashPassword } from "@/lib/auth/passwords/password";
import { chargeAttempt } from "@/lib/auth/rate-limits/rate-limit";
import { signInLinkClaims, signUpClaims } from "@/lib/auth/rate-limits/rate-limit-policies";
import { readRequestContext } from "@/lib/auth/request-context";
import {
  EMAIL_NOT_CONFIGURED,
  emailSignInLink,
  requestSignInLink,
  type SignInLinkResult,
} from "@/lib/auth/sign-in-links/sign-in-link";
import { emailDeliveryConfigured } from "@/lib/mail/deliver-magic-link";

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
