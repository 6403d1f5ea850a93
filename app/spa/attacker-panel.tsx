"use client";

import { useState } from "react";
import { runInjectedScript, type InjectedScriptReport } from "@/app/spa/injected-script";

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
  return (
    <div className="space-y-2 text-sm" data-testid="injected-report">
      <dl className="grid grid-cols-[12rem_1fr] gap-x-3 gap-y-1">
        <dt className="text-slate-600">Storage choice it found</dt>
        <dd>{report.storageChoice ?? "none set"}</dd>
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
      {report.storageChoice && AFTERMATH[report.storageChoice] && (
        <p className="text-slate-700">{AFTERMATH[report.storageChoice]}</p>
      )}
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

/**
 * The attacks, as a person runs them: a fixed injected-script routine in this page (as if the CSP had failed), and
 * the attacker's own page making this browser send cross-site requests. `attackerUrl` is the attacker's origin.
 */
export function AttackerPanel({ attackerUrl }: { attackerUrl: string }) {
  const [report, setReport] = useState<InjectedScriptReport>();
  const [running, setRunning] = useState(false);
  const [csrfOpened, setCsrfOpened] = useState(false);
  const [check, setCheck] = useState<SessionCheck>();

  async function inject() {
    setRunning(true);
    try {
      setReport(await runInjectedScript(attackerUrl));
    } finally {
      setRunning(false);
    }
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
