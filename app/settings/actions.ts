"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { getCurrentSession } from "@/lib/auth";
import { sessionModeSchema } from "@/lib/auth/mode";
import { modeCookieOptions } from "@/lib/auth/mode-cookie";
import { switchSessionMode, type SwitchOutcome } from "@/lib/auth/switch-mode";

export type SwitchModeState = { message?: string };

const switchModeInput = z.object({ mode: sessionModeSchema });

/** Switches this browser between database sessions and JWTs, keeping the person signed in. */
export async function switchMode(_previous: SwitchModeState, formData: FormData): Promise<SwitchModeState> {
  const parsed = switchModeInput.safeParse({ mode: formData.get("mode") });
  if (!parsed.success) return { message: "Pick one of the two modes." };
  let outcome: SwitchOutcome;
  try {
    // The session is read here, under the current mode: the switch only ever acts for its owner.
    const { mode, session, trace } = await getCurrentSession();
    // "Signed out" during an outage is not known to be true: switching now would drop a live session.
    if (trace.dbError)
      return { message: "The session store is unavailable, so the mode was not switched. Try again in a moment." };
    const { AUTH_SECRET, secureCookies } = getEnv();
    outcome = await switchSessionMode({
      jar: await cookies(),
      session,
      current: mode,
      target: parsed.data.mode,
      secret: AUTH_SECRET,
      secureCookies,
      modeCookieOptions: modeCookieOptions(),
    });
  } catch (error) {
    console.error("[settings] mode switch failed:", error instanceof Error ? error.message : error);
    return { message: "The mode could not be switched, so nothing changed. Try again in a moment." };
  }
  revalidatePath("/", "layout");
  redirect(`/settings?switched=${outcome.to}&signedIn=${outcome.keptSignedIn ? "1" : "0"}`);
}
