"use server";

import { redirect } from "next/navigation";
import { getCurrentSession, signOut } from "@/lib/auth";

/** Ends this browser's session: deletes the Session row in database mode, clears the cookie in both. */
export async function signOutAction() {
  const { session } = await getCurrentSession();
  if (!session) redirect("/");
  await signOut({ redirectTo: "/" });
}
