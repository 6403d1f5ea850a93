import { defineConfig } from "prisma/config";

// The URL is only needed by `prisma migrate` on a connected machine; the app migrates itself at start.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/session_lab" },
});
