import "server-only";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { prisma } from "@/lib/db/client";
import { signInSchema } from "@/lib/auth/passwords/credentials-schema";
import { getDummyPasswordHash, hashPassword, needsRehash, verifyPassword } from "@/lib/auth/passwords/password";
import { chargeAttempt, refundAttemptTo, resetRateLimit } from "@/lib/auth/rate-limits/rate-limit";
import { passwordClaims } from "@/lib/auth/rate-limits/rate-limit-policies";
import { readRequestContext } from "@/lib/auth/request-context";
import { reportThrottle } from "@/lib/auth/authjs/throttle-report";

/** Too many password attempts for this account or from this client: refused before any hash runs. */
export class PasswordAttemptsThrottled extends CredentialsSignin {
  code = "throttled";
  constructor(readonly retryAt: Date) {
    super();
  }
}

/** The password is right, but the address was never confirmed: only the emailed link can open the account. */
export class EmailNotConfirmed extends CredentialsSignin {
  code = "unconfirmed";
}

/**
 * After a successful sign-in, re-hashes a password stored at an older, cheaper cost. Conditional on
 * the old hash, so a password change that lands in between is never overwritten.
 */
async function upgradePasswordHashIfWeak(userId: string, storedHash: string, password: string): Promise<boolean> {
  if (!needsRehash(storedHash)) return false;
  const passwordHash = await hashPassword(password);
  const { count } = await prisma().user.updateMany({ where: { id: userId, passwordHash: storedHash }, data: { passwordHash } });
  return count === 1;
}

function throttled(retryAt: Date): PasswordAttemptsThrottled {
  reportThrottle(retryAt);
  return new PasswordAttemptsThrottled(retryAt);
}

/**
 * Checks an email and password; one answer for an unknown email and a wrong password, in the same
 * time. Every attempt is charged to the account from this client, the account and the client first, so a
 * locked one never hashes.
 * The one path for both the forms (in-process signIn) and Auth.js's HTTP callback. The client
 * address comes from the request being served unless given (tests give their own).
 */
export async function authorizeWithPassword(raw: unknown, clientAddress?: string | null) {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const claims = passwordClaims(email, clientAddress === undefined ? (await readRequestContext()).ipAddress : clientAddress);
  const charge = await chargeAttempt([claims.accountFromClient, claims.account, claims.client]);
  if (!charge.allowed) throw throttled(charge.retryAt);

  const user = await prisma().user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, image: true, passwordHash: true, emailVerified: true },
  });
  // Always verify against a hash of today's cost, so an unknown email costs as much as a wrong password.
  const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await getDummyPasswordHash()));
  if (!user?.passwordHash || !passwordMatches) {
    if (charge.nextAllowedAt) throw throttled(charge.nextAllowedAt);
    return null;
  }

  // The right password: this client's failures on the account are forgiven, and this attempt counts against nothing.
  await Promise.all([
    resetRateLimit(claims.accountFromClient.key),
    refundAttemptTo(claims.account.key),
    refundAttemptTo(claims.client.key),
  ]);
  if (!user.emailVerified) throw new EmailNotConfirmed();
  await upgradePasswordHashIfWeak(user.id, user.passwordHash, password);
  return { id: user.id, name: user.name, email: user.email, image: user.image };
}

/** Email and password sign-in for Auth.js. */
export function credentialsProvider() {
  // Computed ahead, so the first unknown email is not slower than the rest.
  void getDummyPasswordHash();
  return Credentials({
    id: "credentials",
    credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
    authorize: (raw) => authorizeWithPassword(raw),
  });
}
