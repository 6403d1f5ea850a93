import "server-only";
import { sessionJson, type CurrentSession } from "@/lib/auth";

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
