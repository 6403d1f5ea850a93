import type { Metadata } from "next";
import Link from "next/link";
import {
  requireSession,
  setupLabel,
  STORE_LABELS,
  serverTimingHeader,
  renewalIntervalSeconds,
  nextExpiryExtension,
  sessionLifetime,
  SESSION_MAX_AGE_SECONDS,
} from "@/lib/auth";
import { inspectSessionCookie } from "@/lib/lab/session-cookie-inspection";
import { getEnv } from "@/lib/env";
import { formatDuration } from "@/lib/format-duration";
import { Time } from "@/app/_components/time";
import { SessionStoreUnavailable } from "@/app/_components/session-store-unavailable";
import { DefinitionList } from "@/app/_components/definition-list";
import { ReadStagesFigure } from "@/app/_components/read-stages-figure";
import { stageBar } from "@/lib/lab/read-stage-summary";

export const metadata: Metadata = { title: "Account" };

const card = "rounded-lg border border-slate-200 bg-white p-6 shadow-sm";

function formatClaim(key: string, value: unknown): string {
  if ((key === "exp" || key === "iat" || key === "authTime" || key === "renewedAt") && typeof value === "number") {
    return `${value} (${new Date(value * 1000).toISOString()})`;
  }
  return JSON.stringify(value);
}

export default async function AccountPage() {
  const current = await requireSession("/account");
  if (current.status === "store-unavailable") return <SessionStoreUnavailable />;
  const { mode, session, credential, trace } = current;
  const sessionRow = credential.kind === "session" ? credential : undefined;
  const jwtClaims = credential.kind === "token" ? credential.claims : undefined;
  const cookie = await inspectSessionCookie();
  const lifetime = sessionLifetime(mode, getEnv().AUTH_JWT_MAX_AGE);
  const rowExpires = sessionRow?.expires;
  const nextRowWrite = rowExpires && nextExpiryExtension(rowExpires, lifetime);
  const authTime = jwtClaims?.authTime;
  const renewalInterval = formatDuration(renewalIntervalSeconds(getEnv().AUTH_JWT_MAX_AGE));
  const rowRenewal = (
    <>
      row expiry pushed back after <Time date={nextRowWrite} /> (update age {formatDuration(lifetime.updateAgeSeconds)});{" "}
      {trace.path === "lean"
        ? "the cookie is re-set with it"
        : `Auth.js re-sets the cookie on every read it can, checked every ${renewalInterval} while a page is open`}
    </>
  );
  const renewal =
    mode === "database" ? (
      <span data-testid="next-renewal">{rowRenewal}</span>
    ) : mode === "hybrid" ? (
      <span data-testid="next-renewal">
        a fresh hybrid token every {formatDuration(getEnv().AUTH_HYBRID_TOKEN_TTL)}, after one lookup of the session (an open page
        asks for it in the background); {rowRenewal}
      </span>
    ) : (
      <span data-testid="next-renewal">
        a fresh token once this one is older than {renewalInterval}, after its grant is checked; renewals end{" "}
        <Time date={authTime === undefined ? undefined : new Date((authTime + SESSION_MAX_AGE_SECONDS) * 1000)} />
      </span>
    );

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Account</h1>
      <section className={card} aria-labelledby="who">
        <h2 id="who" className="mb-2 text-lg font-semibold">
          Who you are
        </h2>
        <DefinitionList
          rows={[
            ["Name", session.user.name ?? "—"],
            ["Email", session.user.email ?? "—"],
            ["User id", session.user.id],
          ]}
        />
      </section>

      <section className={card} aria-labelledby="how">
        <h2 id="how" className="mb-2 text-lg font-semibold">
          How this request was authenticated
        </h2>
        <DefinitionList
          testId="auth-details"
          rows={[
            [
              "Mode",
              <span key="mode" data-testid="account-mode">
                {setupLabel(current)}
              </span>,
            ],
            [
              "Session store",
              <span key="store" data-testid="account-store">
                {current.store ? STORE_LABELS[current.store] : "none: the claims are in the cookie"}
              </span>,
            ],
            ["Session cookie", cookie?.name ?? "—"],
            ["Cookie format", cookie ? (cookie.format === "jwe" ? "JWE (encrypted JWT, 5 parts)" : "Opaque random token") : "—"],
            ["Cookie size", cookie ? <span key="size" data-testid="cookie-size">{`${cookie.headerBytes} bytes`}</span> : "—"],
            ["Cookie chunks", cookie?.chunks ?? "—"],
            [
              "Session read",
              `${trace.authMs.toFixed(2)} ms on the ${trace.path === "lean" ? "lean" : "Auth.js"} read path, ${trace.dbQueries} ${current.store === "memory" ? "store" : "database"} ${trace.dbQueries === 1 ? "call" : "calls"}`,
            ],
            [
              "Server-Timing",
              <span key="timing" data-testid="server-timing">
                {serverTimingHeader(trace)}
              </span>,
            ],
            ["Max age", formatDuration(lifetime.maxAgeSeconds)],
            [
              "Session expires",
              <span key="expires" data-testid="session-expires">
                <Time date={new Date(session.expires)} />
              </span>,
            ],
            ["Next renewal", renewal],
          ]}
        />
      </section>

      <section className={card} aria-labelledby="stages">
        <h2 id="stages" className="mb-2 text-lg font-semibold">
          Where this request&apos;s read spent its time
        </h2>
        <ReadStagesFigure
          title="Stages of this request's session read, in microseconds"
          bars={[stageBar(trace)]}
          testId="account-read-stages"
        />
        <p className="mt-2 text-sm text-slate-600">
          One read, so one sample:{" "}
          <Link href="/compare#read-stages" className="text-indigo-700 underline">
            Compare
          </Link>{" "}
          shows the median of several, in both modes and on both read paths.
        </p>
      </section>

      {mode === "jwt" ? (
        <section className={card} aria-labelledby="claims">
          <h2 id="claims" className="mb-1 text-lg font-semibold">
            Decrypted token claims
          </h2>
          <p className="mb-2 text-sm text-slate-600">
            Decrypted here on the server with the key derived from AUTH_SECRET. The browser only ever sees ciphertext.
          </p>
          <DefinitionList
            testId="jwt-claims"
            rows={Object.entries(jwtClaims ?? {}).map(([key, value]) => [key, formatClaim(key, value)])}
          />
        </section>
      ) : (
        <section className={card} aria-labelledby="row">
          <h2 id="row" className="mb-1 text-lg font-semibold">
            {current.store === "postgres" ? "Session row in PostgreSQL" : `Session in ${STORE_LABELS[current.store]}`}
          </h2>
          <p className="mb-2 text-sm text-slate-600" data-testid="session-row-source">
            {trace.dbQueries > 0
              ? "Looked up by the cookie's token on this request."
              : "Not looked up on this request: the hybrid token in front of it answered, and names this session."}
          </p>
          <DefinitionList
            testId="session-row"
            rows={[
              ["Row id", sessionRow?.sessionRowId ?? "—"],
              ["Token in the cookie", cookie ? `${cookie.preview} (the row keeps only its SHA-256)` : "—"],
              ["User id", session.user.id],
              ["Expires", sessionRow?.expires.toISOString() ?? "—"],
            ]}
          />
        </section>
      )}
    </div>
  );
}
