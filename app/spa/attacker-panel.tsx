"use client";

import { useState } from "react";
import { z } from "zod";
import { runInjectedScript, type InjectedScriptReport } from "@/app/spa/injected-script";
import { readStorageChoice } from "@/app/spa/token-store";

/** What the person sees after each attack, by where the tokens were: the panel's explanation of the measured run. */
const AFTERMATH: Record<string, string> = {
  local:
    "Both tokens were readable. The attacker's window shows its replay from another machine's point of view: the access token works at the API until it expires, and the stolen refresh token rotates, so the attacker now holds the live chain. When this app refreshes next, the provider sees a used refresh token, ends the whole grant, and you are asked to sign in again: the attacker's tokens die with it, but only then.",
  session:
    "The same as localStorage while this tab is open: sessionStorage is per tab, not per origin's scripts, so an injected script in this tab reads it just as easily.",
  memory:
    "Nothing was readable: the tokens live in a closure. But the script used them through the app's own API call while the page was open. Nothing left the browser that the attacker can replay later.",
  bff: "Nothing was readable: the browser holds only an HttpOnly cookie. But the script used it through the backend-for-frontend while the page was open. Nothing left the browser that the attacker can replay later.",
};

function YesNo({ value }: { value: boolean }) {
  return <span className={value ? "font-semibold text-red-700" : "font-semibold text-emerald-700"}>{value ? "yes" : "no"}</span>;
}

function ReportView({ report }: { report: InjectedScriptReport }) {
  const took = report.tokensReadableIn.length > 0;
  // An app left on its default choice never wrote one; the tokens it found say the app is in use.
  const choice = report.storageChoice ?? (took ? readStorageChoice() : undefined);
  return (
    <div className="space-y-2 text-sm" data-testid="injected-report">
      <dl className="grid grid-cols-[12rem_1fr] gap-x-3 gap-y-1">
        <dt className="text-slate-600">Storage choice it found</dt>
        <dd>{report.storageChoice ?? (choice ? `none set: the app's default (${choice})` : "none set")}</dd>
        <dt className="text-slate-600">Tokens it could read</dt>
        <dd>
          <YesNo value={took} /> {took ? `(in ${report.tokensReadableIn.join(" and ")})` : ""}
        </dd>
        <dt className="text-slate-600">Cookies it could read</dt>
        <dd>{report.cookieNames.length > 0 ? report.cookieNames.join(", ") : "none: the session cookies are HttpOnly"}</dd>
        {report.uses.map((use) => (
          <div key={use.path} className="contents">
            <dt className="text-slate-600">Used {use.via}</dt>
            <dd>
              <YesNo value={use.status === 200} /> <code>GET {use.path}</code> answered {use.status || "nothing"}
            </dd>
          </div>
        ))}
      </dl>
      {choice && AFTERMATH[choice] && <p className="text-slate-700">{AFTERMATH[choice]}</p>}
      <details>
        <summary className="cursor-pointer text-xs text-slate-600">The routine&apos;s report, as JSON</summary>
        <pre className="overflow-x-auto text-xs" aria-label="Injected script report">
          {JSON.stringify(report, null, 2)}
        </pre>
      </details>
    </div>
  );
}

type SessionCheck = { siteSession: number; bff: number };

/** The attacker's demonstration as the site's route (/api/lab/attacker) hands it to this page: no token, no subject. */
const attackerViewSchema = z.object({
  collectedAt: z.string().nullable(),
  taken: z
    .object({
      cookieNames: z.array(z.string()),
      tokensFoundIn: z.array(z.string()),
      accessToken: z.boolean(),
      refreshToken: z.boolean(),
    })
    .nullable(),
  replays: z.array(
    z.object({
      at: z.string(),
      accessToken: z.object({ status: z.number(), expiresAt: z.string().optional() }).nullable(),
      refreshToken: z.object({ status: z.number(), error: z.string().optional(), rotated: z.boolean() }).nullable(),
    }),
  ),
});
type AttackerView = z.infer<typeof attackerViewSchema>;

/** Asks the site what the attacker's site holds (GET), or has it replay once more (POST); a string says why not. */
async function askAttacker(method: "GET" | "POST"): Promise<AttackerView | string> {
  const response = await fetch("/api/lab/attacker", { method, cache: "no-store" }).catch(() => undefined);
  if (!response) return "The site did not answer.";
  const body: unknown = await response.json().catch(() => undefined);
  const view = attackerViewSchema.safeParse(body);
  if (response.ok && view.success) return view.data;
  const error = z.object({ error: z.string() }).safeParse(body);
  return error.success ? error.data.error : `The site answered ${response.status}.`;
}

const holdsTokens = (view: AttackerView) => view.taken?.accessToken === true || view.taken?.refreshToken === true;

const time = (iso: string) => new Date(iso).toLocaleTimeString();

function ReplayRow({ replay }: { replay: AttackerView["replays"][number] }) {
  const { accessToken, refreshToken } = replay;
  return (
    <li>
      <span className="text-slate-600">{time(replay.at)}:</span>{" "}
      {!accessToken && !refreshToken && "nothing to replay: no token left the browser."}
      {accessToken && (
        <>
          the stolen access token at the API: <YesNo value={accessToken.status === 200} /> ({accessToken.status}
          {accessToken.expiresAt && `, works until ${time(accessToken.expiresAt)}`}).{" "}
        </>
      )}
      {refreshToken && (
        <>
          The stolen refresh token at the provider: <YesNo value={refreshToken.rotated} />{" "}
          {refreshToken.rotated
            ? "(rotated: the attacker now holds the live chain)"
            : `(${refreshToken.status} ${refreshToken.error ?? ""}: refused)`}
          .
        </>
      )}
    </li>
  );
}

/** What the attacker's own site did with the loot, from outside the browser. */
function AttackerResult({ view }: { view: AttackerView }) {
  return (
    <div className="space-y-1 text-sm" data-testid="attacker-result">
      <p>
        The attacker received{" "}
        {holdsTokens(view)
          ? `tokens from ${view.taken?.tokensFoundIn.join(" and ") ?? "its storage"}`
          : `no token${view.taken?.cookieNames.length ? ` (cookies: ${view.taken.cookieNames.join(", ")})` : ""}`}
        , and replayed them from its own server:
      </p>
      <ul className="list-disc pl-5">
        {view.replays.map((replay) => (
          <ReplayRow key={replay.at} replay={replay} />
        ))}
      </ul>
    </div>
  );
}

/**
 * The attacks, as a person runs them: a fixed injected-script routine in this page (as if the CSP had failed), and
 * the attacker's own page making this browser send cross-site requests. `attackerUrl` is the attacker's origin.
 */
export function AttackerPanel({ attackerUrl }: { attackerUrl: string }) {
  const [report, setReport] = useState<InjectedScriptReport>();
  const [running, setRunning] = useState(false);
  const [csrfOpened, setCsrfOpened] = useState(false);
  const [check, setCheck] = useState<SessionCheck>();
  const [attacker, setAttacker] = useState<AttackerView | string>();

  async function inject() {
    setRunning(true);
    setAttacker("Waiting for the attacker's site…");
    try {
      const startedAt = Date.now();
      setReport(await runInjectedScript(attackerUrl));
      // The attacker's window posts the loot when it loads; wait until its demonstration is this run's.
      for (let attempt = 0; attempt < 40; attempt += 1) {
        const answer = await askAttacker("GET");
        const fresh = typeof answer !== "string" && answer.collectedAt && Date.parse(answer.collectedAt) >= startedAt - 1000;
        if (fresh || (typeof answer === "string" && attempt >= 3)) {
          setAttacker(answer);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      setAttacker("The attacker's window has not reported yet: was it blocked as a pop-up?");
    } finally {
      setRunning(false);
    }
  }

  async function replayAgain() {
    setAttacker(await askAttacker("POST"));
  }

  async function checkSession() {
    const status = (path: string) =>
      fetch(path, { credentials: "same-origin", cache: "no-store" }).then(
        (response) => response.status,
        () => 0,
      );
    setCheck({ siteSession: await status("/api/me"), bff: await status("/api/bff/session") });
  }

  return (
    <section
      aria-labelledby="attacker-panel"
      className="space-y-4 rounded-lg border-2 border-dashed border-orange-400 bg-orange-50/60 p-4"
    >
      <h2 id="attacker-panel" className="text-lg font-semibold text-orange-900">
        Attacker (a demonstration)
      </h2>
      <p className="text-sm text-slate-700">
        The first layer is the site&apos;s Content-Security-Policy: an injected <code>&lt;script&gt;</code> is refused (
        <a href="/spa/attack?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E" className="text-indigo-700 underline">
          see it refused
        </a>
        ). The buttons below show what each way of keeping tokens leaves exposed if that layer ever fails. The attacker&apos;s
        site is <code>{attackerUrl}</code>: another site, on this machine only.
      </p>

      <div className="space-y-2">
        <button
          type="button"
          onClick={() => void inject()}
          disabled={running}
          className="rounded-md bg-orange-700 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
        >
          Run an injected script
        </button>
        <p className="text-xs text-slate-600">
          Reads localStorage, sessionStorage and document.cookie, uses the page&apos;s credentials through the page, and sends
          what it took to the attacker, whose window then replays it from outside the browser.
        </p>
        {report && <ReportView report={report} />}
        {attacker !== undefined && (
          <section
            aria-label="What the attacker's site got"
            aria-live="polite"
            className="space-y-2 rounded-md border border-orange-300 bg-white/70 p-3"
          >
            {typeof attacker === "string" ? <p className="text-sm">{attacker}</p> : <AttackerResult view={attacker} />}
            {typeof attacker !== "string" && holdsTokens(attacker) && (
              <>
                <button type="button" onClick={() => void replayAgain()} className="text-sm text-indigo-700 underline">
                  Replay the stolen tokens again
                </button>
                <p className="text-xs text-slate-600">
                  Try it after &quot;Refresh now&quot; above, or after revoking this app on the devices page: the refresh token
                  stops working at once, the access token only when it expires.
                </p>
              </>
            )}
          </section>
        )}
      </div>

      <div className="space-y-2">
        <button
          type="button"
          onClick={() => {
            // A new window: the site's COOP keeps it from reaching back into this page, as any other site's page.
            window.open(`${attackerUrl}/csrf`, "lab-attacker-csrf");
            setCsrfOpened(true);
          }}
          className="rounded-md bg-orange-700 px-3 py-1.5 text-sm font-medium text-white"
        >
          Run the CSRF attempts
        </button>
        <ul className="list-disc pl-5 text-xs text-slate-600">
          <li>
            A forged form post (sign out, change mode): the browser sends no SameSite=Lax cookie with another site&apos;s post,
            and the front door refuses a write whose Origin is not this site.
          </li>
          <li>
            A fetch with credentials to the backend-for-frontend: no cookie goes with it (SameSite), and without CORS the
            attacker&apos;s page cannot read the answer anyway.
          </li>
          <li>A call to the API: it needs a bearer header, which no other site can add, because it never sees the token.</li>
        </ul>
        {csrfOpened && (
          <div className="space-y-1 text-sm" role="status">
            <p>The attacker&apos;s page is open in another window and shows what it could see. Then check this browser:</p>
            <button type="button" onClick={() => void checkSession()} className="text-indigo-700 underline">
              Check my session
            </button>
            {check && (
              <p>
                The site&apos;s session answers {check.siteSession} (200: still signed in), the backend-for-frontend {check.bff}.
              </p>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
