import "server-only";
import { sessionJson, type CurrentSession } from "@/lib/auth";
import { readSessionCookie, setupFromHeaders } from "@/lib/auth/cookies";
import { newReadTrace, serverTimingHeader, timeStage, traceRead } from "@/lib/auth/session/trace";
import { getEnv } from "@/lib/env";

/** The benchmark's authenticated answer: one session read, a small JSON body naming the mode and store; 401 signed out, 503 during an outage. */
export function probeResponse(current: CurrentSession): Response {
  if (current.status !== "signed-in")
    return sessionJson({ ok: false, mode: current.mode, store: current.store, read: current.trace.path, userId: null }, current, {
      status: 401,
    });
  return sessionJson(
    { ok: true, mode: current.mode, store: current.store, read: current.trace.path, userId: current.session.user.id },
    current,
  );
}

/** As long as a user id, so the answer weighs what a signed-in probe's does. */
const PLACEHOLDER_USER_ID = "c000000000000000000000000";

/**
 * The no-verification probe: the lean read's first steps (the mode cookie, then the session cookie parsed and
 * timed as its `cookie` stage) and the probe's answer, with its headers, but no session read. Whatever a signed-in
 * series costs beyond this is the approach's own. `ok` says only that a session cookie came, unchecked.
 */
export async function noVerificationResponse(requestHeaders: Headers): Promise<Response> {
  const env = getEnv();
  const setup = setupFromHeaders(requestHeaders, env);
  const trace = newReadTrace(setup.mode, "lean");
  const cookie = await traceRead(trace, () =>
    Promise.resolve(timeStage("cookie", () => readSessionCookie(requestHeaders, env.secureCookies))),
  );
  const present = cookie.value !== "" && !cookie.duplicated;
  return Response.json(
    { ok: present, mode: setup.mode, store: setup.store, read: "none", userId: present ? PLACEHOLDER_USER_ID : null },
    {
      status: present ? 200 : 401,
      headers: { "Server-Timing": serverTimingHeader(trace), "Cache-Control": "private, no-store" },
    },
  );
}
