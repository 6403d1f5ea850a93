"use client";

import { useActionState } from "react";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { switchMode, type SwitchModeState } from "@/app/settings/actions";
import { MODE_LABELS, SESSION_MODES, type SessionMode } from "@/lib/auth/mode";

const DESCRIPTIONS: Record<SessionMode, string> = {
  database: "The cookie holds a random token; the session lives in a PostgreSQL row, looked up on every request.",
  jwt: "The cookie holds the claims themselves, encrypted (JWE); nothing is looked up.",
};

export function ModeSwitchForm({ current }: { current: SessionMode }) {
  const [state, action] = useActionState<SwitchModeState, FormData>(switchMode, {});
  return (
    <form action={action} className="space-y-4">
      <FormMessage message={state.message} />
      <fieldset className="space-y-3">
        <legend className="text-lg font-semibold">Session mode for this browser</legend>
        {SESSION_MODES.map((mode) => (
          <label
            key={mode}
            className="flex cursor-pointer gap-3 rounded-md border border-slate-200 p-3 has-checked:border-indigo-500 has-checked:bg-indigo-50"
          >
            <input type="radio" name="mode" value={mode} defaultChecked={mode === current} className="mt-1" />
            <span>
              <span className="block font-medium">{MODE_LABELS[mode]}</span>
              <span className="block text-sm text-slate-600">{DESCRIPTIONS[mode]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <SubmitButton pendingText="Switching…">Switch mode</SubmitButton>
    </form>
  );
}
