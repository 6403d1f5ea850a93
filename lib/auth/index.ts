/**
 * The session core's public surface: app/ imports lib/auth from here (client components from lib/auth/mode).
 * Layers, bottom to top; each imports only those below it, and nothing inside a folder imports a file above:
 * the base files at this root (mode, cookies, session-lifetime, request-context, safe-redirect) import no
 * folder; tokens/ (keys, seal, open, the opaque and the hybrid token); rate-limits/; stores/ (session
 * stores, credential epoch, person lock, token grants); oidc/ (the OpenID provider, its storage, the person's
 * OAuth grants); bff/ (the backend-for-frontend: the tokens the site keeps for the SPA, and its routes); session/ (trace, read context, types, the lean read, jwt renewal, issuing); devices/;
 * passwords/ and sign-in-links/; authjs/ (Auth.js's config, adapter and
 * read); and the surface files at this root (this index, current-session, session-response, sign-out,
 * switch-mode, emailed-links), which nothing in a folder imports.
 */
import "server-only";
import type { NextRequest } from "next/server";
import { guardAuthPosts } from "@/lib/auth/authjs/auth-http-posts";
import { readSessionCookie } from "@/lib/auth/cookies";
import { getEnv } from "@/lib/env";
import { nextAuth } from "@/lib/auth/authjs/config";
import { sessionStoreUnavailable } from "@/lib/auth/session-response";
import { readOutage, withReadContext, type ReadContext } from "@/lib/auth/session/read-context";

export const { signIn, signOut } = nextAuth;

// Reading the session, and answering with it.
export {
  getCurrentSession,
  getCurrentSessionVia,
  getSensitiveSession,
  requireSensitiveSession,
  requireSession,
} from "@/lib/auth/current-session";
export type { CurrentSession } from "@/lib/auth/session/types";
export { sessionJson, withSensitiveSession } from "@/lib/auth/session-response";
// What a store outage is: pages tell it apart from a sign-out.
export { asSessionStoreUnavailable, SessionStoreUnavailableError } from "@/lib/db/store-unavailable";
export { isJwtRevocationCheckOn } from "@/lib/auth/session/read";
export { READ_STAGES, serverTimingHeader, type ReadStageName } from "@/lib/auth/session/trace";
export { HYBRID_CLOCK_TOLERANCE_SECONDS } from "@/lib/auth/tokens/hybrid-token";

// Modes, stores and cookies.
export {
  MODE_LABELS,
  resolveSetup,
  SESSION_MODES,
  modeCookieValueSchema,
  SETUP_LABELS,
  setupLabel,
  modeCookieValue,
  STORE_LABELS,
  type SessionSetup,
} from "@/lib/auth/mode";
export { redisStoreConfigured, sessionStoreAnswers } from "@/lib/auth/stores";
export { deviceRefSchema } from "@/lib/auth/stores/session-store";
export { appendSetCookies, clearedHybridToken, modeCookieOptions, setCookies } from "@/lib/auth/cookies";
export {
  LAST_ACTIVE_RESOLUTION_SECONDS,
  nextExpiryExtension,
  renewalIntervalSeconds,
  SESSION_MAX_AGE_SECONDS,
  sessionLifetime,
  SIGN_IN_LINK_MAX_AGE_SECONDS,
} from "@/lib/auth/session-lifetime";
export { safeRedirectPath } from "@/lib/auth/safe-redirect";

// Changing state: switching mode, signing out, devices, passwords, emailed links.
export { switchSessionMode, type SwitchOutcome } from "@/lib/auth/switch-mode";
export { endCurrentCredential, SIGN_OUT_STORE_UNAVAILABLE, signOutCookies } from "@/lib/auth/sign-out";
export { listDevices, revokeAllDevices, revokeDevice, revokeOtherDevices, type Device } from "@/lib/auth/devices/devices";
export { grantIdSchema, revokeGrant, type OAuthGrant } from "@/lib/auth/oidc/grants";
export { changePassword, type ChangePasswordResult } from "@/lib/auth/passwords/change-password";
export { changePasswordSchema, magicLinkSchema, signInSchema, signUpSchema } from "@/lib/auth/passwords/credentials-schema";
export { requestSignInLink, resendSignUpConfirmation, startSignUp, type SignInLinkResult } from "@/lib/auth/emailed-links";
export { authErrorMessage } from "@/lib/auth/authjs/auth-error-message";
export { EmailNotConfirmed, PasswordAttemptsThrottled } from "@/lib/auth/authjs/credentials-provider";
export {
  EMAIL_NOT_CONFIRMED_MESSAGE,
  EMAIL_SIGN_IN_NOT_CONFIGURED_MESSAGE,
  emailThrottledMessage,
  passwordThrottledMessage,
  SIGN_UP_NOT_CONFIGURED_MESSAGE,
  signUpThrottledMessage,
} from "@/lib/auth/rate-limits/sign-in-messages";

type AuthRouteHandler = (request: NextRequest) => Promise<Response>;

/** Auth.js's own routes, except that a database failure answers 503 instead of clearing the cookie. */
function guardAgainstStoreOutage(handler: AuthRouteHandler): AuthRouteHandler {
  return async (request) => {
    const context: ReadContext = { sealing: "lab" };
    const response = await withReadContext(context, () => handler(request));
    return readOutage(context) ? sessionStoreUnavailable() : response;
  };
}

/**
 * Auth.js's routes read the first of two session cookies; the app's read trusts neither. A request carrying
 * the session cookie twice is signed out here too: its session is `null`, and it may not sign anyone out.
 */
function refuseDuplicatedSessionCookie(handler: AuthRouteHandler): AuthRouteHandler {
  return async (request) => {
    if (!readSessionCookie(request.headers, getEnv().secureCookies).duplicated) return handler(request);
    const headers = { "Cache-Control": "private, no-store" };
    const { pathname } = request.nextUrl;
    if (request.method === "GET" && pathname.endsWith("/session")) return Response.json(null, { headers });
    if (request.method === "POST" && pathname.endsWith("/signout"))
      return Response.json({ error: "The session cookie was sent more than once: sign in again" }, { status: 401, headers });
    return handler(request);
  };
}

export const handlers = {
  GET: guardAgainstStoreOutage(refuseDuplicatedSessionCookie(nextAuth.handlers.GET)),
  POST: guardAgainstStoreOutage(refuseDuplicatedSessionCookie(guardAuthPosts(nextAuth.handlers.POST))),
};

// The OpenID provider's interaction (sign-in and consent) pages.
export { finishConsent, finishLogin, interactionStep, interactionUidSchema } from "@/lib/auth/oidc/interaction";
export { OIDC_COOKIE_NAMES } from "@/lib/auth/cookies";

// The backend-for-frontend (the SPA's fourth storage choice): the site keeps the tokens, the browser an HttpOnly cookie.
export {
  bffApiEndpointSchema,
  bffSessionStatus,
  callApiThroughBff,
  endBffLogin,
  finishBffLogin,
  refreshBffSession,
  startBffLogin,
} from "@/lib/auth/bff/handlers";
