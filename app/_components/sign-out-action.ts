"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getEnv } from "@/lib/env";
import { endCurrentCredential, getCurrentSession, setCookies, signOut, signOutCookies } from "@/lib/auth";

/**
 * Ends this browser's session: deletes the server session (database and hybrid modes) or the token's grant,
 * then clears the cookies. When the store does not answer, nothing is cleared and the person is told.
 */
export async function signOutAction() {
  const current = await getCurrentSession();
  if ((await endCurrentCredential(current)) === "store-unavailable") redirect("/?sign-out=store-unavailable");
  const jar = await cookies();
  const cleared = signOutCookies(await headers(), jar.getAll(), getEnv().secureCookies);
  setCookies(jar, cleared.cookies);
  // Two copies: no copy's session is this browser's to end (either may be someone else's); the cookies go, nothing else.
  if (cleared.duplicated) redirect("/");
  // A stale cookie is cleared too, or it would linger and trip later sign-ins.
  if (current.status !== "signed-in" && !cleared.sessionCookieSent) redirect("/");
  await signOut({ redirectTo: "/" });
}
