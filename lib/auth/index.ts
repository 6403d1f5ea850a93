import "server-only";
import { cache } from "react";
import NextAuth from "next-auth";
import { buildAuthConfig } from "@/lib/auth/config";
import { modeFromRequest, readModeCookie } from "@/lib/auth/mode-cookie";
import type { SessionMode } from "@/lib/auth/mode";
import type { SessionDto } from "@/lib/auth/session-dto";
import { newAuthTrace, withAuthTrace, type AuthTrace } from "@/lib/lab/auth-trace";

// `req` is undefined for auth(), signIn() and signOut() in Server Components and Actions.
const nextAuth = NextAuth(async (req) => buildAuthConfig(req ? modeFromRequest(req) : await readModeCookie()));

export const { handlers, signIn, signOut } = nextAuth;

export type CurrentSession = { mode: SessionMode; session: SessionDto | null; trace: AuthTrace };

/** This request's session, read once per request, with what the read cost. */
export const getCurrentSession = cache(async (): Promise<CurrentSession> => {
  const mode = await readModeCookie();
  const trace = newAuthTrace(mode);
  const session = (await withAuthTrace(trace, () => nextAuth.auth())) as SessionDto | null;
  return { mode, session: session?.user?.id ? session : null, trace };
});
