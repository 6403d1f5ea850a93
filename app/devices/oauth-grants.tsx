import type { OAuthGrant } from "@/lib/auth";
import { getEnv } from "@/lib/env";
import { formatDuration } from "@/lib/format-duration";
import { Time } from "@/app/_components/time";
import { revokeGrantAction } from "@/app/devices/actions";

const button =
  "rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600";

/** The apps holding tokens for the person (OAuth grants), and what revoking one ends and does not end. */
export function OAuthGrants({ grants }: { grants: OAuthGrant[] }) {
  const { OIDC_ACCESS_TOKEN_TTL, OIDC_REFRESH_TOKEN_IDLE_TTL, OIDC_REFRESH_TOKEN_ABSOLUTE_TTL, API_TOKEN_CHECK } = getEnv();
  const accessTokenLife = formatDuration(OIDC_ACCESS_TOKEN_TTL);
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="grants-heading">
      <h2 id="grants-heading" className="mb-3 text-lg font-semibold">
        Apps with access (OAuth)
      </h2>
      {grants.length === 0 ? (
        <p className="text-sm text-slate-700">No app holds tokens for you.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[44rem] text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                {["App", "Scopes", "Allowed", "Last used", "Ends", ""].map((heading) => (
                  <th key={heading} scope="col" className="py-2 pr-3 font-medium">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grants.map((grant) => (
                <tr key={grant.id} className="border-b border-slate-100" data-testid="oauth-grant">
                  <th scope="row" className="py-2 pr-3 font-medium">
                    {grant.clientName}
                  </th>
                  <td className="pr-3 font-mono">{grant.scopes.join(" ")}</td>
                  <td className="pr-3">
                    <Time date={grant.firstUsedAt} />
                  </td>
                  <td className="pr-3">
                    <Time date={grant.lastUsedAt} />
                  </td>
                  <td className="pr-3">
                    <Time date={grant.expiresAt} />
                  </td>
                  <td className="py-2">
                    <form action={revokeGrantAction}>
                      <input type="hidden" name="grant" value={grant.id} />
                      <button
                        type="submit"
                        className={button}
                        aria-label={`Revoke ${grant.clientName}, allowed ${grant.firstUsedAt.toISOString()}`}
                      >
                        Revoke
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-2 text-sm text-slate-600">
        &ldquo;Last used&rdquo; is the app&apos;s last visit to the provider for a fresh token; its calls to the API are not seen
        here.
      </p>
      <p className="mt-2 text-sm text-slate-600" data-testid="refresh-token-lifetimes">
        Each use of a refresh token replaces it with a new one. One left unused for {formatDuration(OIDC_REFRESH_TOKEN_IDLE_TTL)}{" "}
        expires, and an app must ask you again {formatDuration(OIDC_REFRESH_TOKEN_ABSOLUTE_TTL)} after you allowed it, however
        often it refreshes.
      </p>
      <p className="mt-2 text-sm text-slate-600" data-testid="oauth-revocation-window">
        {API_TOKEN_CHECK === "introspect" ? (
          <>
            Revoking an app, signing out everywhere or changing your password ends its refresh tokens at once, and its access
            tokens too: the API asks the provider about every token (API_TOKEN_CHECK=introspect), at the cost of one request to
            the provider per API call.
          </>
        ) : (
          <>
            Revoking an app, signing out everywhere or changing your password ends its refresh tokens at once. Access tokens it
            already holds keep working at the API until they expire, within {accessTokenLife} (plus the API&apos;s few seconds of
            clock tolerance): the API checks their signature, not the provider. Starting the API with{" "}
            <code className="rounded bg-slate-100 px-1">API_TOKEN_CHECK=introspect</code> closes that window, at the cost of one
            request to the provider per API call.
          </>
        )}
      </p>
    </section>
  );
}
