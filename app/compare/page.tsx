import type { Metadata } from "next";
import Link from "next/link";
import { getCurrentSession, MODE_LABELS, SESSION_MODES } from "@/lib/auth";
import { buildComparison } from "@/lib/lab/comparison";
import { loadAttackResults, loadBenchResults } from "@/lib/lab/committed-results";
import { ArticleClaims } from "@/app/compare/article-claims";
import { BenchSection } from "@/app/compare/bench-section";
import { ReadStagesSection } from "@/app/compare/read-stages-section";
import { ApiTokensSection } from "@/app/compare/api-tokens-section";
import { AttackSection } from "@/app/compare/attack-section";
import { CellView } from "@/app/compare/cell-view";
import { ModeBadge } from "@/app/_components/mode-badge";

export const metadata: Metadata = { title: "Compare" };

/** The table's columns, one per mode, in SESSION_MODES' order: database, jwt, hybrid. */
const COLUMNS = SESSION_MODES;

export default async function ComparePage() {
  const current = await getCurrentSession();
  const [bench, attacks] = await Promise.all([loadBenchResults(), loadAttackResults()]);
  const comparison = await buildComparison(current, bench);
  const { mode } = comparison;
  return (
    <div className="space-y-10">
      <section className="space-y-3">
        <h1 className="text-2xl font-bold">Server session vs token, measured</h1>
        <p className="text-slate-700">
          Every value below comes from this request or this server, now. This browser is in <ModeBadge setup={current} /> mode
          {comparison.signedIn ? "" : " and signed out: sign in to see your own cookie"}; its column is highlighted.{" "}
          <Link href="/settings" className="font-medium text-indigo-700 underline">
            Switch modes
          </Link>{" "}
          and reload to measure the others. Deciding for your own system?{" "}
          <Link href="/choose" className="font-medium text-indigo-700 underline">
            Which should I use?
          </Link>{" "}
          turns these measurements into a recommendation.
        </p>
        <div className="overflow-x-auto">
          <table
            className="w-full min-w-[48rem] table-fixed border-collapse rounded-lg bg-white text-left shadow-sm"
            data-testid="comparison"
          >
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="w-1/5 p-3 text-sm">
                  Claim
                </th>
                {COLUMNS.map((column) => (
                  <th key={column} scope="col" className={`p-3 text-sm ${mode === column ? "bg-indigo-50/60" : ""}`}>
                    {MODE_LABELS[column]}
                    {mode === column ? (
                      <span className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-medium text-indigo-800">
                        this browser
                      </span>
                    ) : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {comparison.rows.map((row) => (
                <tr key={row.id} id={`claim-${row.id}`} data-testid={`row-${row.id}`} className="border-b border-slate-100">
                  <th scope="row" className="p-3 align-top text-sm font-medium">
                    {row.claim}
                  </th>
                  {COLUMNS.map((column) => (
                    <CellView key={column} cell={row[column]} current={mode === column} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {comparison.jweHeader && (
          <p className="text-sm break-words text-slate-600" data-testid="jwe-header">
            A JWE&apos;s first part is a readable header,{" "}
            <code className="break-all">{JSON.stringify(comparison.jweHeader)}</code>; the claims after it are ciphertext.
          </p>
        )}
      </section>

      <ApiTokensSection bench={bench} />

      <AttackSection state={attacks} />

      <ReadStagesSection />

      <section className="space-y-3" aria-labelledby="article">
        <h2 id="article" className="text-xl font-semibold">
          What the usual article says, checked
        </h2>
        <ArticleClaims />
      </section>

      <section className="space-y-3" aria-labelledby="bench">
        <h2 id="bench" className="text-xl font-semibold">
          Under load: the benchmark
        </h2>
        <BenchSection state={bench} />
      </section>
    </div>
  );
}
