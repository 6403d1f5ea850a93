import Link from "next/link";
import type { AttackResultsState } from "@/lib/lab/committed-results";
import { ATTACK_ROW_ORDER, type AttackRow } from "@/lib/lab/attack-results";

const COMMAND = "LAB_ATTACK_RESULTS_OUT=bench/results/attacks.json npx playwright test e2e/attacks.spec.ts";

const COLUMNS = [
  ["readableByInjectedScript", "Readable by an injected script"],
  ["usableByInjectedScript", "Usable by an injected script"],
  ["usableOffDevice", "Usable off-device"],
  ["csrfWorks", "Does a CSRF work"],
] as const;

function Measured({ cell }: { cell: AttackRow["readableByInjectedScript"] }) {
  return (
    <td className="p-3 align-top break-words">
      <p className={`font-mono text-sm font-semibold ${cell.value ? "text-red-700" : "text-emerald-700"}`}>
        {cell.value ? "yes" : "no"}
      </p>
      <p className="mt-1 text-xs text-slate-600">{cell.evidence}</p>
    </td>
  );
}

/** /compare's "What an attacker gets": every cell from the committed e2e attack run, none typed by hand. */
export function AttackSection({ state }: { state: AttackResultsState }) {
  return (
    <section className="space-y-3" aria-labelledby="attacks">
      <h2 id="attacks" className="text-xl font-semibold">
        What an attacker gets
      </h2>
      <p className="text-slate-700">
        An injected script and a forged cross-site request, run in Chromium against each place the{" "}
        <Link href="/spa" className="font-medium text-indigo-700 underline">
          single-page app
        </Link>{" "}
        can keep its tokens, and against the three cookie modes. The site&apos;s Content-Security-Policy refuses injected script
        first (
        <Link href="/spa/attack" className="font-medium text-indigo-700 underline">
          try it
        </Link>
        ); this table is what each choice leaves exposed if that layer fails.
      </p>
      {state.status === "ok" ? (
        <>
          <div className="overflow-x-auto">
            <table
              className="w-full min-w-[60rem] table-fixed border-collapse rounded-lg bg-white text-left shadow-sm"
              data-testid="attacks"
            >
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="w-1/8 p-3 text-sm">
                    Where the credential lives
                  </th>
                  {COLUMNS.map(([key, label]) => (
                    <th key={key} scope="col" className="p-3 text-sm">
                      {label}
                    </th>
                  ))}
                  <th scope="col" className="p-3 text-sm">
                    For how long
                  </th>
                  <th scope="col" className="p-3 text-sm">
                    What stops it
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...state.results.rows]
                  .sort((a, b) => ATTACK_ROW_ORDER.indexOf(a.id) - ATTACK_ROW_ORDER.indexOf(b.id))
                  .map((row) => (
                    <tr key={row.id} id={`attack-${row.id}`} data-testid={`attack-row-${row.id}`} className="border-b border-slate-100">
                      <th scope="row" className="p-3 align-top text-sm font-medium">
                        {row.label}
                        <span className="block text-xs font-normal text-slate-500">
                          {row.kind === "spa-storage" ? "single-page app" : "cookie mode"}
                        </span>
                      </th>
                      {COLUMNS.map(([key]) => (
                        <Measured key={key} cell={row[key]} />
                      ))}
                      <td className="p-3 align-top text-xs break-words text-slate-700">{row.forHowLong}</td>
                      <td className="p-3 align-top text-xs break-words text-slate-700">{row.whatStopsIt}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          <p className="text-xs text-slate-600">
            Measured {state.results.createdAt} by <code className="break-all">{state.results.command}</code>.
          </p>
        </>
      ) : (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" role="note">
          {state.status === "missing"
            ? `No attack run committed yet (${state.file} does not exist).`
            : `${state.file} could not be read: ${state.reason}.`}{" "}
          Make one with <code className="break-all">{COMMAND}</code>.
        </p>
      )}
    </section>
  );
}
