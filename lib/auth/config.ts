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
import { sessionLifetime } from "@/lib/auth/session-lifetime";
import { grantIsCurrent, isIssuedTokenLive, registerIssuedToken, revokeIssuedToken } from "@/lib/auth/issued-tokens";
import { isJwtRevocationCheckOn } from "@/lib/auth/revocation-check";
import { deliverMagicLink } from "@/lib/mail/deliver-magic-link";
import { currentAuthTrace } from "@/lib/lab/auth-trace";

/** The underlying error's name and code, never its message: driver messages can echo query values. */
function describeCause(cause: unknown): string {
  const inner = cause && typeof cause === "object" && "err" in cause ? cause.err : cause;
  if (!(inner instanceof Error)) return "";
  const code = "code" in inner ? ` ${String(inner.code)}` : "";
  return ` caused by ${inner.name}${code}`;
}

/** The whole Auth.js configuration for one mode; built per call because the mode is per browser. */
export function buildAuthConfig(mode: SessionMode): NextAuthConfig {
  const env = getEnv();
  const adapter = createLabAdapter();
  const lifetime = sessionLifetime(mode, env.AUTH_JWT_MAX_AGE);
  return {
    adapter,
    secret: env.AUTH_SECRET,
    useSecureCookies: env.secureCookies,
    session: {
      strategy: mode,
      maxAge: lifetime.maxAgeSeconds,
      updateAge: lifetime.updateAgeSeconds,
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
      /** In jwt mode every issued token gets a `sid`; with the revocation check on, each read asks if it still stands. */
      async jwt({ token, trigger }) {
        if (mode === "jwt" && token.sub) {
          if (trigger === "signIn" || trigger === "signUp") {
            token.sid = await registerIssuedToken(token.sub);
            token.authTime = Math.floor(Date.now() / 1000);
          } else {
            // Renewal never outlives the grant, even for a copied token that keeps being renewed.
            if (!grantIsCurrent(token.authTime)) return null;
            if (isJwtRevocationCheckOn() && !(await isIssuedTokenLive(token.sid))) return null;
          }
        }
        const trace = currentAuthTrace();
        if (trace) trace.jwtClaims = { ...token };
        return token;
      },
      /** Both modes answer with the same DTO; the database row and its token never leave the server. */
      session({ session, user, token }) {
        if (mode === "database") return toSessionDto(user, session.expires) as unknown as Session;
        // The token's own expiry: Auth.js's renewed one only reaches the browser where cookies can be set.
        const expires = typeof token.exp === "number" ? new Date(token.exp * 1000) : session.expires;
        return toSessionDto(
          { id: token.sub, name: token.name, email: token.email, image: token.picture },
          expires,
        ) as unknown as Session;
      },
    },
    events: {
      /** Signing out of jwt mode ends the grant too, so a copy of the token dies with the check on. */
      async signOut(message) {
        if ("token" in message) await revokeIssuedToken(message.token?.sid);
      },
    },
    logger: {
      error(error) {
        const type = "type" in error ? String(error.type) : error.name;
        // A wrong password is an expected event, not a server error.
        if (type === "CredentialsSignin") return;
        if (type === "JWTSessionError") {
          console.error(
            "[auth] JWTSessionError: a session token could not be read (another AUTH_SECRET, tampering, or the store failed); answered as signed out",
          );
          return;
        }
        console.error(`[auth] ${type}${describeCause(error.cause)}`);
      },
    },
  };
}
