import { getCurrentSession } from "@/lib/auth";
import { sessionJson } from "@/lib/lab/session-response";

export const dynamic = "force-dynamic";

/** The benchmark's authenticated route: one session read, a small JSON answer; 503 during an outage. */
export async function GET() {
  const current = await getCurrentSession();
  if (current.status !== "signed-in")
    return sessionJson({ ok: false, mode: current.mode, userId: null }, current, { status: 401 });
  return sessionJson({ ok: true, mode: current.mode, userId: current.session.user.id }, current);
}
