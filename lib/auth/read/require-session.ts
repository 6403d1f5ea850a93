import "server-only";
import { redirect } from "next/navigation";
import { getCurrentSession, type SignedIn, type StoreUnavailable } from "@/lib/auth/read/current-session";

/** An in-app path to come back to after signing in. */
export type CallbackPath = `/${string}`;

/** The sign-in page, coming back to `callbackPath` afterwards. */
export function signInPath(callbackPath: CallbackPath): string {
  return `/signin?callbackUrl=${callbackPath}`;
}

/**
 * For pages and actions that need a person: signed out goes to sign in and back to `callbackPath`.
 * What is left is signed in or an outage, which the caller must show as such, never as a sign-out.
 */
export async function requireSession(callbackPath: CallbackPath): Promise<SignedIn | StoreUnavailable> {
  const current = await getCurrentSession();
  if (current.status === "signed-out") redirect(signInPath(callbackPath));
  return current;
}
