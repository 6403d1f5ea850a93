import { getCurrentSessionVia } from "@/lib/auth";
import { probeResponse } from "@/lib/lab/probe-response";

export const dynamic = "force-dynamic";

/** The benchmark's authenticated route, always read through Auth.js's auth(), whatever AUTH_SESSION_READ says. */
export async function GET() {
  return probeResponse(await getCurrentSessionVia("authjs"));
}
