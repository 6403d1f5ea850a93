/**
 * The bench's reference: a bare Next app with this project's baseline route and nothing else
 * (no proxy, no instrumentation, no custom server), built with the root's `next` and served with
 * plain `next start`. The one setting it shares with the site is the one that changes a response.
 */
const nextConfig = {
  poweredByHeader: false,
};

export default nextConfig;
