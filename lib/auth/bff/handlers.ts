import "server-only";
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { asSessionStoreUnavailable } from "@/lib/db/store-unavailable";
import {
  appendSetCookies,
  bffCookieName,
  bffLoginCookieName,
  expiredCookie,
  readCookieFromHeader,
  type OutgoingCookie,
} from "@/lib/auth/cookies";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { sessionKeyRing } from "@/lib/auth/tokens/keys";
import { openSessionToken } from "@/lib/auth/tokens/open";
import { sealSessionToken } from "@/lib/auth/tokens/seal";
import {
  bffAccessToken,
  createBffSession,
  endBffSession,
  forgetBffSession,
  type BffTokenRead,
} from "@/lib/auth/bff/bff-sessions";
import {
  authorizationRequest,
  bffCallbackUrl,
  describeFailure,
  redeemCode,
  type PendingLogin,
  type SiteOrigin,
} from "@/lib/auth/bff/provider-client";

// The backend-for-frontend's routes: the browser holds only the HttpOnly `lab-bff` cookie, and the site signs in,
// refreshes, calls the API and revokes for it. Every answer is `no-store`, and none carries a token.

/** Where a finished or failed sign-in lands, unless the sign-in named another page of the site. */
const SPA_PATH = "/spa";
/** As long as the provider keeps an interaction: a sign-in left longer is started again. */
const LOGIN_MAX_AGE_SECONDS = 600;
/** Seconds the API may take to answer one proxied call. */
const API_TIMEOUT_MS = 10_000;

/** Why a sign-in came back without a session: `/spa?bff_error=<code>`, for the page to explain. */
type BffLoginError =
  "login_expired" | "state_mismatch" | "access_denied" | "provider_error" | "provider_unavailable" | "unavailable";

/** The API routes the BFF forwards, and nothing else. */
export const bffApiEndpointSchema = z.enum(["me", "notes"]);

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * The site's own origin, which the provider's issuer and the callback URL are built on: AUTH_URL's (npm start always
 * sets it); without it, the request's, whose Host the front door has already checked against this server's own names.
 */
function siteOrigin(request: Request): SiteOrigin {
  const { AUTH_URL } = getEnv();
  return new URL(AUTH_URL ?? request.url).origin;
}

/** The `lab-bff` cookie's value if it has the shape the site issues (256 random bits, base64url); anything else is none. */
function bffCookieValue(request: Request): string | undefined {
  const value = readCookieFromHeader(request.headers.get("cookie"), bffCookieName(getEnv().secureCookies));
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

function json(body: unknown, status = 200, cookies: OutgoingCookie[] = []): Response {
  const headers = new Headers(NO_STORE);
  appendSetCookies(headers, cookies);
  return Response.json(body, { status, headers });
}

function redirect(location: string, status: 302 | 303, cookies: OutgoingCookie[] = []): Response {
  const headers = new Headers({ ...NO_STORE, Location: location });
  appendSetCookies(headers, cookies);
  return new Response(null, { status, headers });
}

const clearedBffCookie = () => expiredCookie(bffCookieName(getEnv().secureCookies), getEnv().secureCookies);

/** A database that does not answer is an outage (503), never a sign-out; anything else is logged by name only. */
async function answering(work: () => Promise<Response>, outage: () => Response): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    console.error(
      `[bff] ${asSessionStoreUnavailable(error) ? "The database did not answer" : "A request failed"}: ${describeFailure(error)}`,
    );
    return outage();
  }
}

const unavailableJson = () => json({ error: "The sign-in service is not answering: try again in a moment." }, 503);

// The sign-in in progress is a sealed cookie rather than a row: opening /api/bff/login writes nothing to the database
// for anyone, and the callback only succeeds in the browser that started the sign-in (its state must match the cookie).
const loginKeys = () => sessionKeyRing(getEnv().authSecrets, "lab-bff login");

const pendingLoginSchema = z.object({ state: z.string().min(1), codeVerifier: z.string().min(43), returnTo: z.string() });

function loginCookie(pending: PendingLogin): OutgoingCookie {
  const { secureCookies } = getEnv();
  const expires = Math.floor(Date.now() / 1000) + LOGIN_MAX_AGE_SECONDS;
  return {
    name: bffLoginCookieName(secureCookies),
    value: sealSessionToken(pending, loginKeys(), expires),
    options: { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies, maxAge: LOGIN_MAX_AGE_SECONDS },
  };
}

function pendingLoginOf(request: Request): PendingLogin | undefined {
  const sealed = readCookieFromHeader(request.headers.get("cookie"), bffLoginCookieName(getEnv().secureCookies));
  const claims = sealed ? openSessionToken(sealed, loginKeys()) : null;
  const parsed = pendingLoginSchema.safeParse(claims);
  return parsed.success ? parsed.data : undefined;
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** GET /api/bff/login: to the provider as lab-spa (Authorization Code + PKCE), with consent asked for a refresh token. */
export async function startBffLogin(request: Request): Promise<Response> {
  const site = siteOrigin(request);
  const returnTo = safeRedirectPath(new URL(request.url).searchParams.get("returnTo"), SPA_PATH);
  try {
    const { url, pending } = await authorizationRequest(site, getEnv().OIDC_API_RESOURCE, returnTo);
    return redirect(url.href, 302, [loginCookie(pending)]);
  } catch (error) {
    console.error(`[bff] The provider's configuration could not be read: ${describeFailure(error)}`);
    return redirect(`${site}${SPA_PATH}?bff_error=provider_unavailable`, 303);
  }
}

/** GET /spa/bff/callback: checks the state against this browser's sign-in, redeems the code, and sets `lab-bff`. */
export async function finishBffLogin(request: Request): Promise<Response> {
  const site = siteOrigin(request);
  const { secureCookies } = getEnv();
  const params = new URL(request.url).searchParams;
  const pending = pendingLoginOf(request);
  const spent = expiredCookie(bffLoginCookieName(secureCookies), secureCookies);
  const back = (code: BffLoginError) => redirect(`${site}${SPA_PATH}?bff_error=${code}`, 303, [spent]);

  if (!pending) return back("login_expired");
  const state = params.get("state");
  if (!state || !sameText(state, pending.state)) return back("state_mismatch");
  const error = params.get("error");
  if (error) return back(error === "access_denied" ? "access_denied" : "provider_error");

  let tokens;
  try {
    tokens = await redeemCode(site, new URL(`${bffCallbackUrl(site)}${new URL(request.url).search}`), pending);
  } catch (failure) {
    console.error(`[bff] Redeeming a code failed: ${describeFailure(failure)}`);
    return back("provider_error");
  }
  return answering(
    async () => {
      // A second sign-in in this browser replaces the first; the provider may have given both one grant, so no revocation.
      const previous = bffCookieValue(request);
      if (previous) await forgetBffSession(previous);
      const { cookieValue, expires } = await createBffSession(tokens);
      const cookie = {
        name: bffCookieName(secureCookies),
        value: cookieValue,
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies, expires },
      } satisfies OutgoingCookie;
      return redirect(`${site}${pending.returnTo}`, 303, [spent, cookie]);
    },
    () => back("unavailable"),
  );
}

/**
 * The access token of this request's BFF session (refreshed first when due, or when `force` asks), or the JSON answer
 * when there is none: 401 (and the cookie cleared) when signed out, 503 when the token ran out and the provider is down.
 */
async function accessTokenFor(
  request: Request,
  { force = false } = {},
): Promise<Extract<BffTokenRead, { status: "signed-in" }> | Response> {
  const cookieValue = bffCookieValue(request);
  const read: BffTokenRead = cookieValue
    ? await bffAccessToken(siteOrigin(request), cookieValue, { force })
    : { status: "signed-out" };
  if (read.status === "signed-in") return read;
  if (read.status === "provider-unavailable")
    return json(
      { error: "The access token ran out and the sign-in service did not answer a refresh: try again in a moment." },
      503,
    );
  const cleared = cookieValue === undefined ? [] : [clearedBffCookie()];
  return json({ error: "Not signed in through the backend-for-frontend: sign in again.", signedIn: false }, 401, cleared);
}

/** GET /api/bff/session: `{ signedIn, expiresAt }` (the access token's end, epoch ms), refreshing first when due. */
export function bffSessionStatus(request: Request): Promise<Response> {
  return answering(async () => {
    if (!bffCookieValue(request)) return json({ signedIn: false });
    const token = await accessTokenFor(request);
    // Signed out is an answer here, not an error: the page asks before it shows anything.
    if (token instanceof Response) return token.status === 401 ? json({ signedIn: false }, 200, [clearedBffCookie()]) : token;
    return json({ signedIn: true, expiresAt: token.expiresAt.getTime() });
  }, unavailableJson);
}

/** POST /api/bff/refresh: refreshes now, whatever the access token's age ("Refresh now"); one request at a time. */
export function refreshBffSession(request: Request): Promise<Response> {
  return answering(async () => {
    const token = await accessTokenFor(request, { force: true });
    if (token instanceof Response) return token;
    return json({ signedIn: true, expiresAt: token.expiresAt.getTime() });
  }, unavailableJson);
}

/** GET /api/bff/api/{me,notes}: the API's answer (status and JSON) to a call with the bearer only the site holds. */
export function callApiThroughBff(request: Request, endpoint: z.infer<typeof bffApiEndpointSchema>): Promise<Response> {
  return answering(async () => {
    const token = await accessTokenFor(request);
    if (token instanceof Response) return token;
    const apiUrl = `${getEnv().OIDC_API_RESOURCE.replace(/\/$/, "")}/${endpoint}`;
    let response: Response;
    try {
      response = await fetch(apiUrl, {
        headers: { Authorization: `Bearer ${token.accessToken}`, Accept: "application/json" },
        signal: AbortSignal.timeout(API_TIMEOUT_MS),
      });
    } catch {
      return json({ error: "The API service is not answering: is it running? (npm start runs it beside the site)" }, 502);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (body === undefined) return json({ error: `The API answered HTTP ${response.status} without JSON` }, 502);
    return json(body, response.status);
  }, unavailableJson);
}

/** POST /api/bff/logout: revokes the refresh token (RFC 7009), forgets the tokens, and clears the cookie. */
export function endBffLogin(request: Request): Promise<Response> {
  return answering(async () => {
    const cookieValue = bffCookieValue(request);
    if (!cookieValue) return json({ signedIn: false, revoked: false }, 200, [clearedBffCookie()]);
    const { revoked } = await endBffSession(siteOrigin(request), cookieValue);
    return json({ signedIn: false, revoked }, 200, [clearedBffCookie()]);
  }, unavailableJson);
}
