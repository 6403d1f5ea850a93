import "server-only";
import { headers } from "next/headers";
import { getEnv } from "@/lib/env";
import { asSessionStoreUnavailable } from "@/lib/db/store-unavailable";
import type { CurrentSession } from "@/lib/auth/session/types";
import {
  clearedHybridToken,
  clearedProviderSession,
  expiredCookie,
  readSessionCookie,
  sessionCookieReadParts,
  type OutgoingCookie,
} from "@/lib/auth/cookies";
import { sessionStoreFor } from "@/lib/auth/stores";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import { revokeIssuedToken } from "@/lib/auth/stores/grants";

/** Whether this browser's credential is gone from the server, so its cookies may be cleared. */
export type SignOutOutcome = "ended" | "store-unavailable";

/** What the person is told when the credential could not be ended: the session lives on, and so does the cookie. */
export const SIGN_OUT_STORE_UNAVAILABLE =
  "We could not sign you out: the session store is not answering. Your session is still active on this device; try again in a moment.";

/**
 * Ends this browser's credential on the server before any cookie is cleared: the session in its store
 * (database and hybrid modes), or the token's grant. Auth.js's signOut swallows a failed delete and clears
 * the cookie anyway, which would leave a live session the person believes ended.
 */
export async function endCurrentCredential(current: CurrentSession): Promise<SignOutOutcome> {
  if (current.status === "store-unavailable") return "store-unavailable";
  if (current.status !== "signed-in") return "ended";
  try {
    if (current.mode === "jwt") {
      if (current.credential.kind === "token") await revokeIssuedToken(current.credential.tokenSid);
    } else {
      const { value } = readSessionCookie(await headers(), getEnv().secureCookies);
      // Deleted by the token's hash; already gone (revoked or expired) is ended too.
      if (value) await sessionStoreFor(current.store).deleteByHash(hashSessionToken(value));
    }
    return "ended";
  } catch (error) {
    if (asSessionStoreUnavailable(error)) return "store-unavailable";
    throw error;
  }
}

/** What sign-out clears, as cookies for the edge to set, and what the browser sent. */
export type SignOutCookies = {
  /** The hybrid token, the OpenID provider's session, and when the session cookie came twice, every part of it. */
  cookies: OutgoingCookie[];
  /** The session cookie came twice (or beside a look-alike): no copy's session is this browser's to end. */
  duplicated: boolean;
  /** The browser sent a session cookie at all. */
  sessionCookieSent: boolean;
};

export function signOutCookies(
  requestHeaders: Pick<Headers, "get">,
  held: { name: string; value: string }[],
  secureCookies: boolean,
): SignOutCookies {
  const sessionCookie = readSessionCookie(requestHeaders, secureCookies);
  const sessionParts = sessionCookie.duplicated
    ? sessionCookieReadParts(sessionCookie).map((part) => expiredCookie(part.name, secureCookies))
    : [];
  return {
    cookies: [...clearedHybridToken(held, secureCookies), ...clearedProviderSession(held, secureCookies), ...sessionParts],
    duplicated: sessionCookie.duplicated,
    sessionCookieSent: sessionCookie.value !== "",
  };
}
