import { getCurrentSession, sessionJson } from "@/lib/auth";

export const dynamic = "force-dynamic";

/** The signed-in person as the session DTO, and the mode that authenticated them; 503 during an outage. */
export async function GET() {
  const current = await getCurrentSession();
  if (current.status !== "signed-in")
    return sessionJson({ error: "Not signed in", mode: current.mode }, current, { status: 401 });
  return sessionJson({ mode: current.mode, session: current.session }, current);
}
