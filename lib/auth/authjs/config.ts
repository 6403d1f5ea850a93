import "server-only";
import type { NextAuthConfig } from "next-auth";
import NextAuth from "next-auth";
import Nodemailer from "next-auth/providers/nodemailer";
import { headers } from "next/headers";
import { getEnv, type Env } from "@/lib/env";
import { authStrategy, type SessionSetup } from "@/lib/auth/mode";
import { sessionStoreFor } from "@/lib/auth/stores";
import { createLabAdapter } from "@/lib/auth/authjs/adapter";
import { credentialsProvider } from "@/lib/auth/authjs/credentials-provider";
import { databaseSessionBridge, jwtModeEncoder } from "@/lib/auth/authjs/session-encoders";
import { toSessionDto } from "@/lib/auth/session/types";
import { newSessionToken } from "@/lib/auth/tokens/opaque-token";
import { sessionCookieName, setupFromHeaders } from "@/lib/auth/cookies";
import { databaseSessionEndsAt, sessionLifetime, SIGN_IN_LINK_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { revokeIssuedToken } from "@/lib/auth/stores/grants";
import { isJwtRevocationCheckOn } from "@/lib/auth/session/read";
import { admitJwtRead } from "@/lib/auth/session/jwt-renewal";
import { startJwtGrant } from "@/lib/auth/session/issue";
import { deliverMagicLink } from "@/lib/mail/deliver-magic-link";
import { currentSignInLinkContext } from "@/lib/auth/sign-in-links/sign-in-link-context";
import { logUnreadableSessionToken } from "@/lib/auth/session/unreadable-token-log";
import { timeStage } from "@/lib/auth/session/trace";
import { currentReadContext } from "@/lib/auth/session/read-context";

/** The error behind an Auth.js error's `cause`, which wraps it as `{ err }`. */
function underlyingError(cause: unknown): Error | undefined {
  const inner = cause && typeof cause === "object" && "err" in cause ? cause.err : cause;
  return inner instanceof Error ? inner : undefined;
}

/** The underlying error's name and code, never its message: driver messages can echo query values. */
function describeCause(cause: unknown): string {
  const inner = underlyingError(cause);
  if (!inner) return "";
  const code = "code" in inner ? ` ${String(inner.code)}` : "";
  return ` caused by ${inner.name}${code}`;
}

/** Whether an Auth.js error was caused by a token past its `exp` (jose's JWTExpired). */
function jwtExpired(cause: unknown): boolean {
  const inner = underlyingError(cause);
  return inner !== undefined && "code" in inner && inner.code === "ERR_JWT_EXPIRED";
}

/** The whole Auth.js configuration for one mode and store; built per call because both are per browser. */
export function buildAuthConfig(setup: SessionSetup, env: Env = getEnv()): NextAuthConfig {
  const { mode } = setup;
  // A token keeps no session store, but Auth.js wants an adapter for people and sign-in links whatever the strategy.
  const store = sessionStoreFor(setup.store ?? "postgres");
  const adapter = createLabAdapter(store, env.authSecrets);
  const lifetime = sessionLifetime(mode, env.AUTH_JWT_MAX_AGE);
  return {
    adapter,
    // Rotation: the first secret seals, every one of them opens.
    secret: env.authSecrets,
    useSecureCookies: env.secureCookies,
    session: {
      strategy: authStrategy(mode),
      maxAge: lifetime.maxAgeSeconds,
      updateAge: lifetime.updateAgeSeconds,
      generateSessionToken: newSessionToken,
    },
    cookies: { sessionToken: { name: sessionCookieName(env.secureCookies) } },
    jwt: mode !== "jwt" ? databaseSessionBridge(store) : jwtModeEncoder(lifetime.maxAgeSeconds),
    providers: [
      credentialsProvider(),
      Nodemailer({
        // The provider insists on a transport; deliverMagicLink picks SMTP or the outbox itself.
        server: env.EMAIL_SERVER ?? { jsonTransport: true },
        from: env.EMAIL_FROM,
        maxAge: SIGN_IN_LINK_MAX_AGE_SECONDS,
        // Auth.js would hash the link with its secrets joined by commas, which a rotation changes; the adapter seals it instead.
        secret: "",
        sendVerificationRequest: ({ identifier, url }) =>
          deliverMagicLink({ to: identifier, url, kind: currentSignInLinkContext().kind }),
      }),
    ],
    pages: { signIn: "/signin", verifyRequest: "/signin/check-email", error: "/signin" },
    callbacks: {
      /** In jwt mode every issued token gets a grant (`sid`); reads renew it only after checking that grant live. */
      jwt: ({ token: claims, trigger }) =>
        timeStage("callbacks", async () => {
          let token: typeof claims | null = claims;
          if (mode === "jwt" && claims.sub) {
            token =
              trigger === "signIn" || trigger === "signUp"
                ? await startJwtGrant(claims, claims.sub)
                : await admitJwtRead(claims, {
                    maxAgeSeconds: lifetime.maxAgeSeconds,
                    checkEveryRead: isJwtRevocationCheckOn(env),
                  });
            if (!token) return null;
          }
          const read = currentReadContext();
          if (read) read.jwtClaims = { ...token };
          return token;
        }),
      /** Both modes answer with the same DTO; the database row and its token never leave the server. */
      session: ({ session, user, token }) =>
        timeStage("callbacks", () => {
          if (mode !== "jwt") {
            const ends =
              "authenticatedAt" in session && session.authenticatedAt instanceof Date
                ? databaseSessionEndsAt(session.expires, session.authenticatedAt)
                : session.expires;
            return toSessionDto(user, ends);
          }
          // The token's own expiry: Auth.js's renewed one only reaches the browser where cookies can be set.
          const expires = typeof token.exp === "number" ? new Date(token.exp * 1000) : session.expires;
          return toSessionDto({ id: token.sub, name: token.name, email: token.email, image: token.picture }, expires);
        }),
    },
    events: {
      /** Signing out of jwt mode ends the grant too: a copy of the token is never renewed, and with the check on is refused at once. */
      async signOut(message) {
        if ("token" in message) await revokeIssuedToken(message.token?.sid);
      },
    },
    logger: {
      error(error) {
        const type = "type" in error ? String(error.type) : error.name;
        // A wrong password is an expected event, not a server error.
        if (type === "CredentialsSignin") return;
        // A token past its expiry is the normal end of an idle or revoked token, not a fault.
        if (type === "JWTSessionError" && jwtExpired(error.cause)) return;
        if (type === "JWTSessionError") {
          logUnreadableSessionToken();
          return;
        }
        console.error(`[auth] ${type}${describeCause(error.cause)}`);
      },
    },
  };
}

// Auth.js calls this per request. For auth(), signIn() and signOut() from Server Components and
// Actions `req` is undefined; then the mode and store come from the headers of the request being served.
export const nextAuth = NextAuth(async (req) => {
  const setup = setupFromHeaders(req?.headers ?? (await headers()), getEnv());
  return timeStage("config", () => buildAuthConfig(setup));
});
