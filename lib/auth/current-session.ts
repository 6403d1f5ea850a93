import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getEnv } from "@/lib/env";
import { SessionStoreUnavailableError } from "@/lib/db/store-unavailable";
import type { SessionReadPath } from "@/lib/auth/mode";
import { sessionStoreFor } from "@/lib/auth/stores";
import { grantIsCurrent, grantStanding } from "@/lib/auth/stores/grants";
import type { CurrentSession, SignedIn, SignedOut, StoreUnavailable } from "@/lib/auth/session/types";
import { hybridSessionStands } from "@/lib/auth/session/read";
import { deviceOfCredential, type CurrentDevice } from "@/lib/auth/devices/devices";
import { readSession } from "@/lib/auth/authjs/read";

/** This request's session, read once per request on a given path: signed in, signed out or store unavailable, with its trace. */
export const getCurrentSessionVia = cache(async (path: SessionReadPath): Promise<CurrentSession> =>
  readSession(await headers(), path),
);

/** This request's session, read once per request on the deployment's path (AUTH_SESSION_READ). */
export async function getCurrentSession(): Promise<CurrentSession> {
  // The request first: during a build's prerender this marks the page dynamic before any setting is read.
  await headers();
  return getCurrentSessionVia(getEnv().AUTH_SESSION_READ);
}

/** An in-app path to come back to after signing in. */
export type CallbackPath = `/${string}`;

/** The sign-in page, coming back to `callbackPath` afterwards. */
function signInPath(callbackPath: CallbackPath): string {
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

export type SensitiveSession =
  | { status: "signed-in"; userId: string; device: CurrentDevice; current: SignedIn }
  /**
   * A token whose grant was revoked (still readable while the revocation check is off), or a hybrid token whose
   * session was (readable until the token ends): either may change nothing.
   */
  | { status: "revoked"; current: SignedIn }
  | { status: "signed-out"; current: SignedIn | SignedOut }
  | { status: "store-unavailable"; current: SignedIn | StoreUnavailable };

/**
 * The session for anything that changes state or shows other devices (better-auth's "sensitive
 * session"): never taken on the cookie's word. A token's grant is read live from the database, not
 * revoked and not ended, whatever AUTH_JWT_REVOCATION_CHECK says; a session a hybrid token answered for
 * is looked up in its store now; any other server session was just looked up.
 */
export async function getSensitiveSession(): Promise<SensitiveSession> {
  const current = await getCurrentSession();
  if (current.status === "signed-out") return { status: "signed-out", current };
  if (current.status === "store-unavailable") return { status: "store-unavailable", current };
  const { credential } = current;
  if (credential.kind === "session" && credential.fromHybridToken && current.store) {
    try {
      const stands = await hybridSessionStands(await headers(), credential, sessionStoreFor(current.store), getEnv());
      // Sending it to sign in would bounce it back: it still reads as signed in until its token ends.
      if (!stands) return { status: "revoked", current };
    } catch (error) {
      if (error instanceof SessionStoreUnavailableError) return { status: "store-unavailable", current };
      throw error;
    }
  }
  if (credential.kind === "token") {
    if (!grantIsCurrent(credential.claims.authTime)) return { status: "signed-out", current };
    try {
      const standing = await grantStanding(credential.tokenSid);
      if (standing !== "live") return { status: standing === "revoked" ? "revoked" : "signed-out", current };
    } catch (error) {
      if (error instanceof SessionStoreUnavailableError) return { status: "store-unavailable", current };
      throw error;
    }
  }
  return { status: "signed-in", userId: current.session.user.id, device: deviceOfCredential(credential), current };
}

/** For pages and actions that change state: signed out (or a grant that has ended) goes to sign in and back to `callbackPath`. */
export async function requireSensitiveSession(
  callbackPath: CallbackPath,
): Promise<Exclude<SensitiveSession, { status: "signed-out" }>> {
  const access = await getSensitiveSession();
  if (access.status === "signed-out") redirect(signInPath(callbackPath));
  return access;
}
