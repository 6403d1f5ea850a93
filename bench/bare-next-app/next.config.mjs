/**
 * The bench's reference: this project's /api/lab/baseline in a bare Next app, with no proxy, no
 * instrumentation and no server of ours, served by plain `next start`. The bench builds it with the
 * repository's own `next` and `--webpack`: Turbopack looks for `instrumentation.ts` at its root,
 * which has to be the repository (for node_modules), and would build the site's start-up code in.
 * The one setting shared with the site is the one that changes the response (no X-Powered-By).
 */
const nextConfig = {
  poweredByHeader: false,
};

export default nextConfig;
