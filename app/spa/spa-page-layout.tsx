import type { ReactNode } from "react";

/**
 * The frame of /spa and /spa/callback: the heading, what the app is, and its sections one under another. The app's
 * own sections come first; other demonstrations on the page (the attacker panel) are sibling children.
 */
export function SpaPageLayout({ children }: { children: ReactNode }) {
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Single-page app</h1>
        <p className="text-slate-700">
          This page is an app of its own, running in your browser: the OAuth client <code>lab-spa</code> of this site&apos;s
          provider. It signs in with Authorization Code + PKCE (you approve it on the consent page), then calls the API service
          with <code>Authorization: Bearer</code>. Where it keeps the tokens decides what a script injected into this page could
          take, and what it could only use.
        </p>
      </header>
      {children}
    </div>
  );
}
