"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { sessionModeSchema } from "@/lib/auth/mode";
import { switchSessionMode } from "@/lib/auth/switch-mode";

export type SwitchModeState = { message?: string };

const switchModeInput = z.object({ mode: sessionModeSchema });

/** Switches this browser between database sessions and JWTs, keeping the person signed in. */
export async function switchMode(_previous: SwitchModeState, formData: FormData): Promise<SwitchModeState> {
  const parsed = switchModeInput.safeParse({ mode: formData.get("mode") });
  if (!parsed.success) return { message: "Pick one of the two modes." };
  let outcome;
  try {
    // switchSessionMode reads this request's session itself and acts only for that person.
    outcome = await switchSessionMode(parsed.data.mode);
  } catch (error) {
    console.error("[settings] mode switch failed:", error instanceof Error ? error.message : error);
    return { message: "The mode could not be switched, so nothing changed. Try again in a moment." };
  }
  revalidatePath("/", "layout");
  redirect(`/settings?switched=${outcome.to}&signedIn=${outcome.keptSignedIn ? "1" : "0"}`);
}
