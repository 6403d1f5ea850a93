import { prisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for test runners and load balancers. */
export async function GET() {
  try {
    await prisma().$queryRaw`SELECT 1`;
    return Response.json({ ok: true, database: "up" });
  } catch {
    return Response.json({ ok: false, database: "down" }, { status: 503 });
  }
}
