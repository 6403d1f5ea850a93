"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getEnv } from "@/lib/env";
import { getCurrentSession, signOut } from "@/lib/auth";
import { endCurrentCredential } from "@/lib/auth/sign-out";
import { sessionCookieOptions } from "@/lib/auth/issue/session-cookie";
import { readSessionCookie, sessionCookieReadParts } from "@/lib/auth/read/session-cookie-value";
import { clearHybridToken } from "@/lib/auth/hybrid/clear-hybrid-token";

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
  clearHybridToken(jar, secureCookies);
  if (sessionCookie.duplicated) {
    // Two copies: no copy's session is this browser's to end (either may be someone else's); the cookies go, nothing else.
    for (const part of sessionCookieReadParts(sessionCookie))
      jar.set(part.name, "", { ...sessionCookieOptions(secureCookies, new Date(0)), maxAge: 0 });
    redirect("/");
  }
  // A stale cookie is cleared too, or it would linger and trip later sign-ins.
  if (current.status !== "signed-in" && sessionCookie.value === "") redirect("/");
  await signOut({ redirectTo: "/" });
}
