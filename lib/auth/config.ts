import "server-only";
import type { NextAuthConfig, Session } from "next-auth";
import Nodemailer from "next-auth/providers/nodemailer";
import { getEnv } from "@/lib/env";
import type { SessionMode } from "@/lib/auth/mode";
import { createLabAdapter } from "@/lib/auth/adapter";
import { credentialsProvider } from "@/lib/auth/credentials-provider";
import { databaseSessionBridge } from "@/lib/auth/database-session-bridge";
import { toSessionDto } from "@/lib/auth/session-dto";
import { newSessionToken, sessionCookieName } from "@/lib/auth/session-cookie";
import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { deliverMagicLink } from "@/lib/mail/deliver-magic-link";
import { currentAuthTrace } from "@/lib/lab/auth-trace";

/** The whole Auth.js configuration for one mode; built per call because the mode is per browser. */
export function buildAuthConfig(mode: SessionMode): NextAuthConfig {
  const env = getEnv();
  const adapter = createLabAdapter();
  return {
    adapter,
    secret: env.AUTH_SECRET,
    // Served on whatever host it is started on; behind a proxy, set AUTH_URL.
    trustHost: true,
    useSecureCookies: env.secureCookies,
    session: {
      strategy: mode,
      maxAge: SESSION_MAX_AGE_SECONDS,
      updateAge: SESSION_UPDATE_AGE_SECONDS,
      generateSessionToken: newSessionToken,
    },
    cookies: { sessionToken: { name: sessionCookieName(env.secureCookies) } },
    jwt: mode === "database" ? databaseSessionBridge(adapter) : undefined,
    providers: [
      credentialsProvider(),
      Nodemailer({
        // The provider insists on a transport; deliverMagicLink picks SMTP or the outbox itself.
        server: env.EMAIL_SERVER ?? { jsonTransport: true },
        from: env.EMAIL_FROM,
        maxAge: 15 * 60,
        sendVerificationRequest: ({ identifier, url }) => deliverMagicLink({ to: identifier, url }),
      }),
    ],
    pages: { signIn: "/signin", verifyRequest: "/signin/check-email", error: "/signin" },
    callbacks: {
      jwt({ token }) {
        const trace = currentAuthTrace();
        if (trace) trace.jwtClaims = { ...token };
        return token;
      },
      /** Both modes answer with the same DTO; the database row and its token never leave the server. */
      session({ session, user, token }) {
        const source = mode === "database" ? user : { id: token.sub, name: token.name, email: token.email, image: token.picture };
        return toSessionDto(source, session.expires) as unknown as Session;
      },
    },
    logger: {
      error(error) {
        const type = "type" in error ? String(error.type) : error.name;
        // A wrong password is an expected event, not a server error.
        if (type === "CredentialsSignin") return;
        const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
        console.error(`[auth] ${type}: ${error.message}${cause}`);
      },
    },
  };
}
