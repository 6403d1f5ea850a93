import "server-only";
import { headers } from "next/headers";
import NextAuth from "next-auth";
import { buildAuthConfig } from "@/lib/auth/authjs/config";
import { setupFromHeaders } from "@/lib/auth/cookies";
import { timeStage } from "@/lib/auth/session/trace";

// Auth.js calls this per request. For auth(), signIn() and signOut() from Server Components and
// Actions `req` is undefined; then the mode and store come from the headers of the request being served.
export const nextAuth = NextAuth(async (req) => {
  const setup = setupFromHeaders(req?.headers ?? (await headers()));
  return timeStage("config", () => buildAuthConfig(setup));
});
