"use client";

/** Shown for any unexpected server error; the details stay in the server log. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="max-w-xl space-y-4" role="alert">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p>The page could not be shown. Try again; if it keeps failing, the server log has the details.</p>
      {error.digest && <p className="text-sm text-slate-500">Reference: {error.digest}</p>}
      <button type="button" onClick={reset} className="rounded-md bg-indigo-600 px-4 py-2 text-white">
        Try again
      </button>
    </div>
  );
}
