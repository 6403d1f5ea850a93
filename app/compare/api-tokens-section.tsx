import Link from "next/link";
import type { BenchResultsState } from "@/lib/lab/committed-results";
import { apiTokenRows } from "@/lib/lab/api-token-cells";
import { CellView } from "@/app/compare/cell-view";

/** /compare's column for the fourth way: an OAuth access token + refresh token, verified by a separate API with public keys. */
export function ApiTokensSection({ bench }: { bench: BenchResultsState }) {
  const rows = apiTokenRows(bench);
  return (
    <section className="space-y-3" aria-labelledby="api-tokens">
      <h2 id="api-tokens" className="text-xl font-semibold">
        Access token + refresh token (API)
      </h2>
      <p className="text-slate-700">
        Where tokens are really used: the site is also an OpenID provider (<code>/oidc</code>), and a separate API service
        verifies the access tokens it issues with the provider&apos;s public keys. The same claims as above, for that setup. Try
        it with <code>npm run cli -- login</code> and <code>npm run cli -- me</code>; see your grants on the{" "}
        <Link href="/devices" className="font-medium text-indigo-700 underline">
          devices page
        </Link>
        .
      </p>
      <div className="overflow-x-auto">
        <table
          className="w-full min-w-[40rem] table-fixed border-collapse rounded-lg bg-white text-left shadow-sm"
          data-testid="api-tokens"
        >
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="w-1/4 p-3 text-sm">
                Claim
              </th>
              <th scope="col" className="p-3 text-sm">
                Access token + refresh token (API)
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} id={`api-claim-${row.id}`} data-testid={`api-row-${row.id}`} className="border-b border-slate-100">
                <th scope="row" className="p-3 align-top text-sm font-medium">
                  {row.claim}
                </th>
                <CellView cell={row.cell} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
