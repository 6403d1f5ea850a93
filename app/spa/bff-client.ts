import { z } from "zod";
import type { ApiAnswer, ApiPath } from "@/app/spa/oauth-client";

/**
 * The browser's side of the backend for frontend: the site holds the tokens, this page holds nothing but the
 * HttpOnly `lab-bff` cookie, which the browser sends with same-origin requests to /api/bff/.
 */

const sessionSchema = z.object({
  signedIn: z.boolean(),
  expiresAt: z.union([z.number(), z.iso.datetime()]).nullish(),
});

export type BffSession = { signedIn: boolean; expiresAt?: Date };
export type BffOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

const failed = (route: string, status: number) =>
  `The backend for frontend answered ${status} at ${route}, so the app cannot tell where it stands. Try again, or sign in again.`;
const unreachable = (route: string) => `The site could not be reached at ${route}. Check that it is running, then try again.`;

/** A full navigation, not a fetch: the site answers with a redirect to the provider, and back to its own callback. */
export function startBffSignIn(): void {
  window.location.assign(new URL("/api/bff/login", window.location.origin));
}

/**
 * The site's answer about this browser's BFF session, from `route` (GET: as it stands; POST: refreshed first).
 * A 401 from a refresh means the site holds no tokens for this browser any more.
 */
async function askForSession(route: string, method: "GET" | "POST"): Promise<BffOutcome<BffSession>> {
  try {
    const response = await fetch(route, { method, credentials: "same-origin", cache: "no-store" });
    if (method === "POST" && response.status === 401) return { ok: true, value: { signedIn: false } };
    const parsed = sessionSchema.safeParse(await response.json().catch(() => null));
    if (!response.ok || !parsed.success) return { ok: false, message: failed(route, response.status) };
    const { signedIn, expiresAt } = parsed.data;
    return {
      ok: true,
      value: { signedIn, expiresAt: expiresAt === null || expiresAt === undefined ? undefined : new Date(expiresAt) },
    };
  } catch {
    return { ok: false, message: unreachable(route) };
  }
}

export function readBffSession(): Promise<BffOutcome<BffSession>> {
  return askForSession("/api/bff/session", "GET");
}

/** The API through the site: the browser sends its cookie, the site attaches the bearer token (and refreshes it). */
export async function callApiThroughBff(path: ApiPath): Promise<BffOutcome<ApiAnswer>> {
  const route = `/api/bff/api${path}`;
  try {
    const response = await fetch(route, { credentials: "same-origin", cache: "no-store" });
    const body: unknown = await response.json().catch(() => null);
    return { ok: true, value: { path, status: response.status, body } };
  } catch {
    return { ok: false, message: unreachable(route) };
  }
}

/** The site revokes the refresh token (RFC 7009), forgets the tokens and clears the cookie. */
export async function signOutOfBff(): Promise<BffOutcome<undefined>> {
  const route = "/api/bff/logout";
  try {
    const response = await fetch(route, { method: "POST", credentials: "same-origin", cache: "no-store" });
    return response.ok ? { ok: true, value: undefined } : { ok: false, message: failed(route, response.status) };
  } catch {
    return { ok: false, message: unreachable(route) };
  }
}

/** "Refresh now": the site refreshes its tokens at once (the refresh token rotates at the provider); answers the new expiry. */
export function refreshBffNow(): Promise<BffOutcome<BffSession>> {
  return askForSession("/api/bff/refresh", "POST");
}
