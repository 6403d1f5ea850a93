// What the single-page app's code leaves reachable on its page: an injected script runs in that page, so it can call it too.

/** The SPA's own way to call the API (`GET /me` or `/notes` with its bearer, refreshing first when due). */
export type SpaApiCall = (path: "/me" | "/notes") => Promise<{ status: number }>;

let exposed: SpaApiCall | undefined;

/**
 * Called by the SPA page when it mounts; returns the undo for its unmount.
 * @public the SPA page (app/spa/page.tsx) calls it
 */
export function exposeSpaApiCall(call: SpaApiCall): () => void {
  exposed = call;
  return () => {
    if (exposed === call) exposed = undefined;
  };
}

/** The SPA's API call, when the SPA is running on this page. */
export function exposedSpaApiCall(): SpaApiCall | undefined {
  return exposed;
}
