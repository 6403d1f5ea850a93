/** Shown instead of "signed out" when the session store cannot be reached: the cookie is kept. */
export function SessionStoreUnavailable() {
  return (
    <div className="max-w-xl space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-6" role="alert">
      <h1 className="text-2xl font-bold">Session store unavailable</h1>
      <p>
        The store that holds sessions (PostgreSQL or Redis) is not answering, so this server cannot tell who you are right now.
        You have not been signed out: your cookie is kept, and this page works again by itself once the store is back.
      </p>
    </div>
  );
}
