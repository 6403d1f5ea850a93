import { bffApiEndpointSchema, callApiThroughBff } from "@/lib/auth";

export const dynamic = "force-dynamic";

/** GET /api/bff/api/me and /api/bff/api/notes: the API service, called with the token the site holds. */
export async function GET(request: Request, { params }: RouteContext<"/api/bff/api/[endpoint]">) {
  const endpoint = bffApiEndpointSchema.safeParse((await params).endpoint);
  if (!endpoint.success) return Response.json({ error: "The BFF forwards /me and /notes only" }, { status: 404 });
  return callApiThroughBff(request, endpoint.data);
}
