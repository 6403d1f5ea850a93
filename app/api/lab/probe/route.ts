import { getCurrentSession } from "@/lib/auth";
import { probeResponse } from "@/lib/lab/probe-response";

export const dynamic = "force-dynamic";

/** The benchmark's authenticated route, read on the deployment's path (AUTH_SESSION_READ). */
export async function GET() {
  return probeResponse(await getCurrentSession());
}
