import { prisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for test runners, benchmarks and load balancers. */
export async function GET() {
  // The benchmark refuses development servers; say which kind this is.
  const build = process.env.NODE_ENV === "production" ? "production" : "development";
  try {
    await prisma().$queryRaw`SELECT 1`;
    return Response.json({ ok: true, build, database: "up" });
  } catch {
    return Response.json({ ok: false, build, database: "down" }, { status: 503 });
  }
}
