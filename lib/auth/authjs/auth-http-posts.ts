import "server-only";
import type { NextRequest } from "next/server";
import { describeWait } from "@/lib/auth/rate-limits/sign-in-messages";
import { secondsUntil } from "@/lib/auth/rate-limits/rate-limit-bucket";
import { withThrottleReport } from "@/lib/auth/authjs/throttle-report";

type AuthRouteHandler = (request: NextRequest) => Promise<Response>;

const BASE_PATH = "/api/auth";

/**
 * The Auth.js POST endpoints open over HTTP. The app's own forms call Auth.js in-process (next-auth's
 * signIn() and signOut() build a Request and call Auth() directly), so only these stay: the
 * credentials callback (for scripts such as the benchmark; it runs the same zod validation and rate
 * limits inside `authorize`) and sign-out (harmless, and CSRF-checked by Auth.js).
 */
const OPEN_POST_ACTIONS = new Set(["callback/credentials", "signout"]);

/** The action Auth.js would read from this path, split the way Auth.js splits it. */
function authAction(request: NextRequest): string {
  const path = new URL(request.url).pathname;
  return path.startsWith(BASE_PATH) ? path.slice(BASE_PATH.length).split("/").filter(Boolean).join("/") : "";
}

function refused(): Response {
  return Response.json(
    { error: "This sign-in endpoint does not accept POST requests. Use the forms at /signin and /signup." },
    { status: 405, headers: { Allow: "GET", "Cache-Control": "no-store" } },
  );
}

function throttled(retryAt: Date): Response {
  const seconds = secondsUntil(retryAt);
  return Response.json(
    { error: `Too many sign-in attempts. Wait ${describeWait(seconds)}, then try again.`, retryAfterSeconds: seconds },
    { status: 429, headers: { "Retry-After": String(seconds), "Cache-Control": "no-store" } },
  );
}

/** Refuses the POST endpoints the app does not use, and answers a rate-limited sign-in with 429 and Retry-After. */
export function guardAuthPosts(handler: AuthRouteHandler): AuthRouteHandler {
  return async (request) => {
    if (!OPEN_POST_ACTIONS.has(authAction(request))) return refused();
    const { result, retryAt } = await withThrottleReport(() => handler(request));
    return retryAt ? throttled(retryAt) : result;
  };
}
