import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { getEnv } from "@/lib/env";
import { setupFromHeaders } from "@/lib/auth/cookies";
import type { SessionReadPath } from "@/lib/auth/mode";
import type { CurrentSession } from "@/lib/auth/read/session-read-result";
import { readSessionThroughAuthjs } from "@/lib/auth/read/authjs-read";
import { readSessionLean } from "@/lib/auth/read/lean-read";

export type {
  CurrentSession,
  SessionCredential,
  SignedIn,
  SignedOut,
  StoreUnavailable,
} from "@/lib/auth/read/session-read-result";

/** Reads the session a request's headers carry, on either path; both give the same answer. */
export function readSession(requestHeaders: Headers, path: SessionReadPath, env = getEnv()): Promise<CurrentSession> {
  const setup = setupFromHeaders(requestHeaders, env);
  return path === "lean" ? readSessionLean(requestHeaders, setup, env) : readSessionThroughAuthjs(requestHeaders, setup, env);
}

/** This request's session, read once per request on a given path: signed in, signed out or store unavailable, with what the read cost. */
export const getCurrentSessionVia = cache(async (path: SessionReadPath): Promise<CurrentSession> =>
  readSession(await headers(), path),
);

/** This request's session, read once per request on the deployment's path (AUTH_SESSION_READ). */
export async function getCurrentSession(): Promise<CurrentSession> {
  // The request first: during a build's prerender this marks the page dynamic before any setting is read.
  await headers();
  return getCurrentSessionVia(getEnv().AUTH_SESSION_READ);
}
