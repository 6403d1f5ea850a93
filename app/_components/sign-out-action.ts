"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getEnv } from "@/lib/env";
import {
  getCurrentSession,
  signOut,
  endCurrentCredential,
  clearedHybridToken,
  expiredCookie,
  readSessionCookie,
  sessionCookieReadParts,
  setCookies,
} from "@/lib/auth";

/**
 * Ends this browser's session: deletes the server session (database and hybrid modes) or the token's grant,
 * then clears the cookies. When the store does not answer, nothing is cleared and the person is told.
 */
export async function signOutAction() {
  const current = await getCurrentSession();
  if ((await endCurrentCredential(current)) === "store-unavailable") redirect("/?sign-out=store-unavailable");
  const jar = await cookies();
  const { secureCookies } = getEnv();
  const sessionCookie = readSessionCookie(await headers(), secureCookies);
  setCookies(jar, clearedHybridToken(jar.getAll(), secureCookies));
  if (sessionCookie.duplicated) {
    // Two copies: no copy's session is this browser's to end (either may be someone else's); the cookies go, nothing else.
    setCookies(
      jar,
      sessionCookieReadParts(sessionCookie).map((part) => expiredCookie(part.name, secureCookies)),
    );
    redirect("/");
  }
  // A stale cookie is cleared too, or it would linger and trip later sign-ins.
  if (current.status !== "signed-in" && sessionCookie.value === "") redirect("/");
  await signOut({ redirectTo: "/" });
}
