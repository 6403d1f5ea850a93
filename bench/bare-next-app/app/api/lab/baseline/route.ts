export const dynamic = "force-dynamic";

/** The benchmark's baseline: the same route shape and answer size as /api/lab/probe, with no session read. */
export async function GET() {
  return Response.json(
    { ok: true, mode: "baseline", userId: "c000000000000000000000000" },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
