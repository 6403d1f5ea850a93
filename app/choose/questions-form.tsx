import type { ReactNode } from "react";
import { formatDuration } from "@/lib/format-duration";
import { CALLERS, OUTAGE_NEEDS, REVOCATION_NEEDS, SHARED_STORES, type Answers } from "@/lib/lab/choose";

const CALLER_LABELS: Record<(typeof CALLERS)[number], string> = {
  pages: "Browser pages (server-rendered, same site)",
  spa: "A single-page app in the browser",
  mobile: "Phone apps",
  cli: "Command-line tools",
  services: "Other services (machine to machine)",
};
const OUTAGE_LABELS: Record<(typeof OUTAGE_NEEDS)[number], string> = {
  nothing: "Nothing: it may stop while the database is down",
  "reads-briefly": "Signed-in people keep reading for a few minutes",
  "reads-throughout": "Signed-in people keep reading for the whole outage",
};
const STORE_LABELS: Record<(typeof SHARED_STORES)[number], string> = {
  redis: "Yes, Redis",
  postgres: "Yes, the database (PostgreSQL) only",
  none: "No: nothing shared may be read on every request",
};

const box = "space-y-2 rounded-lg border border-slate-200 bg-white p-4";
const help = "text-sm text-slate-600";

function Choices<T extends string>(props: {
  name: string;
  type: "radio" | "checkbox";
  legend: string;
  hint: string;
  options: readonly T[];
  labels: Record<T, string>;
  checked: (value: T) => boolean;
}) {
  const hintId = `${props.name}-hint`;
  return (
    <fieldset className={box} aria-describedby={hintId}>
      <legend className="font-medium">{props.legend}</legend>
      <p id={hintId} className={help}>
        {props.hint}
      </p>
      {props.options.map((value) => (
        <label key={value} className="flex items-center gap-2 text-sm">
          <input type={props.type} name={props.name} value={value} defaultChecked={props.checked(value)} />
          {props.labels[value]}
        </label>
      ))}
    </fieldset>
  );
}

function NumberQuestion({ name, label, hint, value }: { name: string; label: string; hint: ReactNode; value: number }) {
  return (
    <div className={box}>
      <label htmlFor={`choose-${name}`} className="block font-medium">
        {label}
      </label>
      <p id={`choose-${name}-hint`} className={help}>
        {hint}
      </p>
      <input
        id={`choose-${name}`}
        name={name}
        type="number"
        min={1}
        step={1}
        inputMode="numeric"
        required
        defaultValue={value}
        aria-describedby={`choose-${name}-hint`}
        className="block w-40 rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500 focus:outline-none"
      />
    </div>
  );
}

/**
 * The questions as a GET form: the answers land in the query string, so the page works without JavaScript and
 * its address is the shareable answer.
 */
export function QuestionsForm({ answers, accessTokenTtlSeconds }: { answers: Answers; accessTokenTtlSeconds: number }) {
  const revocationLabels: Record<(typeof REVOCATION_NEEDS)[number], string> = {
    "at-once": "At once, on the next request",
    "within-a-minute": "Within a minute",
    "token-lifetime": `Within the access-token lifetime (this server: ${formatDuration(accessTokenTtlSeconds)})`,
  };
  return (
    <form method="get" action="/choose" className="space-y-4" aria-labelledby="questions">
      <h2 id="questions" className="text-xl font-semibold">
        Your system
      </h2>
      <Choices
        name="callers"
        type="checkbox"
        legend="What calls your backend?"
        hint="Tick every kind of caller. Browsers can hold a cookie the server controls; the others send a token they keep themselves."
        options={CALLERS}
        labels={CALLER_LABELS}
        checked={(value) => answers.callers.includes(value)}
      />
      <Choices
        name="revocation"
        type="radio"
        legend="How fast must a revoked person lose access?"
        hint="After you sign someone out everywhere, lock an account or revoke a device: how long may their open sessions keep working?"
        options={REVOCATION_NEEDS}
        labels={revocationLabels}
        checked={(value) => answers.revocation === value}
      />
      <NumberQuestion
        name="instances"
        label="How many app instances serve requests?"
        hint="Copies of your backend behind a load balancer. The projection divides your peak among them."
        value={answers.instances}
      />
      <Choices
        name="sharedStore"
        type="radio"
        legend="Can every instance read a shared session store on each request?"
        hint="A store every instance reaches: Redis, or the PostgreSQL your app already has. Session reads add load to it."
        options={SHARED_STORES}
        labels={STORE_LABELS}
        checked={(value) => answers.sharedStore === value}
      />
      <NumberQuestion
        name="peakRps"
        label="Requests per second at peak"
        hint="All authenticated requests, across every instance, in your busiest minute. The store projection is computed for this rate."
        value={answers.peakRps}
      />
      <Choices
        name="outage"
        type="radio"
        legend="What must keep working when the database is down?"
        hint="Signing in always needs the database. The question is whether people already signed in can go on."
        options={OUTAGE_NEEDS}
        labels={OUTAGE_LABELS}
        checked={(value) => answers.outage === value}
      />
      <button
        type="submit"
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        Show the answer
      </button>
    </form>
  );
}
