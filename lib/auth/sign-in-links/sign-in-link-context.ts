import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type { SignInEmailKind } from "@/lib/mail/sign-in-email";

/** What the link being sent is for; Auth.js's email flow has no room for it, so it travels beside the call. */
export type SignInLinkContext = { kind: SignInEmailKind; passwordFingerprint: string | null };

const PLAIN_SIGN_IN: SignInLinkContext = { kind: "sign-in", passwordFingerprint: null };
const storage = new AsyncLocalStorage<SignInLinkContext>();

export function withSignInLinkContext<T>(context: SignInLinkContext, send: () => Promise<T>): Promise<T> {
  return storage.run(context, send);
}

/** The link being sent; a plain sign-in link unless a sign-up said otherwise. */
export function currentSignInLinkContext(): SignInLinkContext {
  return storage.getStore() ?? PLAIN_SIGN_IN;
}

/** Names one pending password hash without storing a second copy of it. */
export function passwordFingerprint(passwordHash: string): string {
  return createHash("sha256").update(passwordHash).digest("hex");
}
