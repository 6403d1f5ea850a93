import { getCurrentSession } from "@/lib/auth";

export const dynamic = "force-dynamic";

/** The signed-in person as the session DTO, and the mode that authenticated them. */
export async function GET() {
  const { mode, session } = await getCurrentSession();
  if (!session) return Response.json({ error: "Not signed in", mode }, { status: 401 });
  return Response.json({ mode, session });
}
