import Link from "next/link";
import type { CurrentSession } from "@/lib/auth";
import { ModeBadge } from "@/app/_components/mode-badge";
import { signOutAction } from "@/app/_components/sign-out-action";

const linkStyle = "rounded px-2 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600";

/** Site navigation with the mode and the signed-in state always in view. */
export function SiteHeader({ current }: { current: CurrentSession }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <Link href="/" className="font-semibold tracking-tight">
          Session vs Token Lab
        </Link>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-1">
          <Link href="/compare" className={linkStyle}>
            Compare
          </Link>
          <Link href="/choose" className={linkStyle}>
            Which should I use?
          </Link>
          <Link href="/account" className={linkStyle}>
            Account
          </Link>
          <Link href="/devices" className={linkStyle}>
            Devices
          </Link>
          <Link href="/spa" className={linkStyle}>
            Single-page app
          </Link>
          <Link href="/settings" className={linkStyle}>
            Settings
          </Link>
        </nav>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <ModeBadge setup={current} />
          {current.status === "signed-in" ? (
            <>
              <span data-testid="signed-in-as">
                Signed in as <strong>{current.session.user.email}</strong>
              </span>
              <form action={signOutAction}>
                <button
                  type="submit"
                  className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
                >
                  Sign out
                </button>
              </form>
            </>
          ) : current.status === "store-unavailable" ? (
            <span data-testid="store-unavailable" className="font-medium text-amber-800">
              Session store unavailable
            </span>
          ) : (
            <>
              <span data-testid="signed-out">Signed out</span>
              <Link href="/signin" className="rounded-md bg-indigo-600 px-3 py-1 font-medium text-white hover:bg-indigo-500">
                Sign in
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
