import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getCurrentSession, renewalIntervalSeconds } from "@/lib/auth";
import { getEnv } from "@/lib/env";
import { SiteHeader } from "@/app/_components/site-header";
import { SessionRenewal } from "@/app/_components/session-renewal";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Session vs Token Lab", template: "%s · Session vs Token Lab" },
  description: "Server sessions and tokens, side by side, measured on a running app.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const current = await getCurrentSession();
  const session = current.status === "signed-in" ? current.session : null;
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
          Skip to content
        </a>
        <SiteHeader current={current} />
        {session && (
          <SessionRenewal
            // A hybrid token lives AUTH_HYBRID_TOKEN_TTL: refreshed once per life while a page is open, so page reads skip the store.
            intervalSeconds={
              current.mode === "hybrid" ? getEnv().AUTH_HYBRID_TOKEN_TTL : renewalIntervalSeconds(getEnv().AUTH_JWT_MAX_AGE)
            }
            renewNow={current.status === "signed-in" && current.mode === "hybrid" && current.hybridTokenIssued}
          />
        )}
        <main id="main" className="mx-auto max-w-4xl px-4 py-8">
          {children}
        </main>
        <footer className="mx-auto max-w-4xl px-4 pb-8 text-xs text-slate-500">
          Served by{" "}
          <span data-testid="served-by" className="rounded bg-slate-200 px-1.5 py-0.5 font-mono text-slate-700">
            {getEnv().LAB_INSTANCE_NAME}
          </span>
        </footer>
      </body>
    </html>
  );
}
