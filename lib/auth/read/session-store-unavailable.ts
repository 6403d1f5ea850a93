import "server-only";

/** 503 with the cookie untouched: an unreachable session store is not a sign-out. */
export function sessionStoreUnavailable(body: Record<string, unknown> = {}): Response {
  return Response.json(
    { error: "Session store unavailable", ...body },
    { status: 503, headers: { "Retry-After": "5", "Cache-Control": "no-store" } },
  );
}
