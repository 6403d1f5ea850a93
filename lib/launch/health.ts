import "server-only";
import { prisma } from "@/lib/db/client";

/** Liveness and database reachability, for test runners, benchmarks and load balancers. */
export async function serverHealth(): Promise<Response> {
  // The benchmark refuses development servers; say which kind this is.
  const build = process.env.NODE_ENV === "production" ? "production" : "development";
  try {
    await prisma().$queryRaw`SELECT 1`;
    return Response.json({ ok: true, build, database: "up" });
  } catch {
    return Response.json({ ok: false, build, database: "down" }, { status: 503 });
  }
}
