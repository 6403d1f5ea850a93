"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getEnv } from "@/lib/env";
import { getCurrentSession, signOut } from "@/lib/auth";
import { endCurrentCredential } from "@/lib/auth/sign-out";
import { sessionCookieName, sessionCookieParts } from "@/lib/auth/issue/session-cookie";
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
  const hasSessionCookie = sessionCookieParts(jar.getAll(), sessionCookieName(secureCookies)).length > 0;
  clearHybridToken(jar, secureCookies);
  // A stale cookie is cleared too, or it would linger and trip later sign-ins.
  if (current.status !== "signed-in" && !hasSessionCookie) redirect("/");
  await signOut({ redirectTo: "/" });
}
