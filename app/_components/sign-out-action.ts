"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getEnv } from "@/lib/env";
import { getCurrentSession, signOut } from "@/lib/auth";
import { sessionCookieName, sessionCookieParts } from "@/lib/auth/issue/session-cookie";

/** Ends this browser's session: deletes the Session row in database mode, clears the cookie in both. */
export async function signOutAction() {
  const { status } = await getCurrentSession();
  const hasSessionCookie = sessionCookieParts((await cookies()).getAll(), sessionCookieName(getEnv().secureCookies)).length > 0;
  // A stale cookie is cleared too, or it would linger and trip later sign-ins.
  if (status !== "signed-in" && !hasSessionCookie) redirect("/");
  await signOut({ redirectTo: "/" });
}
