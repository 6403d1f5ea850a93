"use client";

import { useActionState } from "react";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { switchMode, type SwitchModeState } from "@/app/settings/actions";
import { MODE_COOKIE_VALUES, SETUP_LABELS, type ModeCookieValue } from "@/lib/auth/mode";

/** What each choice means; a hybrid token's lifetime is this server's AUTH_HYBRID_TOKEN_TTL, in words. */
const descriptions = (tokenLife: string): Record<ModeCookieValue, string> => ({
  jwt: "The cookie holds the claims themselves, encrypted (JWE); nothing is looked up.",
  database: "The cookie holds a random token; the session lives in a PostgreSQL row, looked up on every request.",
  "database:redis":
    "The cookie holds a random token; the session lives in Redis under the token's SHA-256, with a TTL, looked up on every request.",
  "database:memory":
    "For the demonstration only: the session lives in this server process's memory. A restart forgets it, and another instance behind a load balancer never knew it.",
  hybrid: `A session in PostgreSQL, and in front of it a token that lives ${tokenLife}: reads use the token and look the session up once per ${tokenLife}.`,
  "hybrid:redis": `A session in Redis, and in front of it a token that lives ${tokenLife}: the session is looked up once per ${tokenLife}.`,
  "hybrid:memory": `A session in this server's memory, and in front of it a token that lives ${tokenLife}. For the demonstration only.`,
});

/** Why a choice cannot be picked right now, by its value; absent when it can. */
export type UnavailableSetups = Partial<Record<ModeCookieValue, string>>;

export function ModeSwitchForm({
  current,
  preselected,
  unavailable,
  hybridTokenLife,
}: {
  current: ModeCookieValue;
  /** The choice to check instead of the current one (a link's suggestion), when it can be picked. */
  preselected?: ModeCookieValue;
  unavailable: UnavailableSetups;
  /** AUTH_HYBRID_TOKEN_TTL in words ("1 minute"). */
  hybridTokenLife: string;
}) {
  const DESCRIPTIONS = descriptions(hybridTokenLife);
  const [state, action] = useActionState<SwitchModeState, FormData>(switchMode, {});
  const suggested = preselected !== undefined && preselected !== current && !unavailable[preselected] ? preselected : undefined;
  return (
    <form action={action} className="space-y-4">
      <FormMessage message={state.message} />
      {suggested && (
        <p className="rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
          {SETUP_LABELS[suggested]} is checked for you; this browser stays in {SETUP_LABELS[current]} until you press Switch mode.
        </p>
      )}
      <fieldset className="space-y-3">
        <legend className="text-lg font-semibold">Session mode for this browser</legend>
        {MODE_COOKIE_VALUES.map((value) => {
          const why = unavailable[value];
          return (
            <label
              key={value}
              className={`flex gap-3 rounded-md border border-slate-200 p-3 has-checked:border-indigo-500 has-checked:bg-indigo-50 ${why ? "cursor-not-allowed opacity-70" : "cursor-pointer"}`}
            >
              <input
                type="radio"
                name="mode"
                value={value}
                defaultChecked={value === (suggested ?? current)}
                disabled={why !== undefined && value !== current}
                aria-describedby={`setup-${value.replace(":", "-")}-note`}
                className="mt-1"
              />
              <span>
                <span className="block font-medium">{SETUP_LABELS[value]}</span>
                <span id={`setup-${value.replace(":", "-")}-note`} className="block text-sm text-slate-600">
                  {DESCRIPTIONS[value]}
                  {why && <span className="mt-1 block font-medium text-amber-800">Unavailable: {why}</span>}
                </span>
              </span>
            </label>
          );
        })}
      </fieldset>
      <SubmitButton pendingText="Switching…">Switch mode</SubmitButton>
    </form>
  );
}
