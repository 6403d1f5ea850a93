import * as oauth from "oauth4webapi";
import { z } from "zod";
import {
  clearTokens,
  newerTokensFromAnotherTab,
  readTokens,
  recordNewestRefreshToken,
  writeTokens,
  type BrowserStorageChoice,
  type StoredTokens,
} from "@/app/spa/token-store";

/**
 * The single-page app as an OAuth client (`lab-spa`, public: no secret), in the browser, on oauth4webapi:
 * Authorization Code + PKCE against the site's provider, refresh through one lock for all tabs, revocation on sign-out,
 * and the API called with the bearer token. Every function here answers an outcome; none of them throws at a page.
 */

const CLIENT: oauth.Client = { client_id: "lab-spa", id_token_signed_response_alg: "EdDSA" };
/** openid: an ID token; offline_access: a refresh token (granted only with prompt=consent); lab:read: the API's scope. */
const SCOPE = "openid offline_access lab:read";
/** sessionStorage: what this tab needs to check the provider's answer (state, nonce, PKCE verifier), for one round trip. */
const PENDING_SIGN_IN_KEY = "lab-spa-sign-in";
/** sessionStorage: a silent sign-in is under way or failed, so a reload does not try again in a loop. */
const SILENT_ATTEMPT_KEY = "lab-spa-silent-attempt";
/** localStorage: Memory only was signed in (no token, only that fact), so a reload or a new tab tries a silent sign-in. */
const MEMORY_SIGNED_IN_KEY = "lab-spa-memory-signed-in";
/** One refresh at a time across this browser's tabs: a second one with the same refresh token would be reuse. */
const REFRESH_LOCK = "lab-spa-refresh";
/** Refresh this long before the access token ends (or halfway through a shorter life). */
const REFRESH_MARGIN_MS = 30_000;
/** How long a tab waits for another tab's fresh tokens to reach its localStorage. */
const OTHER_TAB_TOKENS_WAIT_MS = 3_000;

const pendingSignInSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(1),
  choice: z.enum(["local", "session", "memory"]),
  silent: z.boolean(),
});

const siteOrigin = () => window.location.origin;
const redirectUri = () => `${siteOrigin()}/spa/callback`;

/** oauth4webapi refuses plain http; the lab on this machine is plain http, a deployment is https and keeps the check. */
const insecureRequestsAllowed = () => window.location.protocol === "http:";
// eslint-disable-next-line @typescript-eslint/no-deprecated -- plain http only where the page itself is plain http (localhost)
const httpOptions = () => ({ [oauth.allowInsecureRequests]: insecureRequestsAllowed() });

let discovery: Promise<oauth.AuthorizationServer> | undefined;

/** The provider's metadata, from `<site>/oidc/.well-known/openid-configuration`, fetched once per page. */
function authorizationServer(): Promise<oauth.AuthorizationServer> {
  discovery ??= (async () => {
    const issuer = new URL(`${siteOrigin()}/oidc`);
    const response = await oauth.discoveryRequest(issuer, { algorithm: "oidc", ...httpOptions() });
    return oauth.processDiscoveryResponse(issuer, response);
  })().catch((error: unknown) => {
    discovery = undefined;
    throw error;
  });
  return discovery;
}

function tokensFrom(response: oauth.TokenEndpointResponse, previous?: StoredTokens): StoredTokens {
  return {
    access_token: response.access_token,
    // The provider rotates refresh tokens; one that answers without a new one keeps the old.
    refresh_token: response.refresh_token ?? previous?.refresh_token,
    id_token: response.id_token ?? previous?.id_token,
    expires_at: Date.now() + (response.expires_in ?? 60) * 1000,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Signing in: to the provider and back to /spa/callback

/**
 * Sends this tab to the provider. `silent`: prompt=none, answered at once from the site's session (no refresh token:
 * the provider grants offline_access only with consent); otherwise prompt=consent, which earns a refresh token.
 * A top-level redirect, not a hidden iframe: the site's `frame-ancestors 'none'` forbids framing its pages.
 */
export async function startSignIn(options: { apiUrl: string; choice: BrowserStorageChoice; silent: boolean }): Promise<void> {
  const as = await authorizationServer();
  if (!as.authorization_endpoint) throw new Error("The provider publishes no authorization endpoint");
  const pending = {
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    codeVerifier: oauth.generateRandomCodeVerifier(),
    choice: options.choice,
    silent: options.silent,
  };
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: CLIENT.client_id,
    redirect_uri: redirectUri(),
    response_type: "code",
    scope: SCOPE,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: "S256",
    state: pending.state,
    nonce: pending.nonce,
    // RFC 8707: the access token names the API as its audience.
    resource: options.apiUrl,
    prompt: options.silent ? "none" : "consent",
  }).toString();
  window.sessionStorage.setItem(PENDING_SIGN_IN_KEY, JSON.stringify(pending));
  if (options.silent) window.sessionStorage.setItem(SILENT_ATTEMPT_KEY, "1");
  window.location.assign(url);
}

/** The pending sign-in of this tab, used once: a second answer for it (a replay) finds nothing. */
function takePendingSignIn(): z.infer<typeof pendingSignInSchema> | undefined {
  const raw = window.sessionStorage.getItem(PENDING_SIGN_IN_KEY);
  window.sessionStorage.removeItem(PENDING_SIGN_IN_KEY);
  if (raw === null) return undefined;
  try {
    const parsed = pendingSignInSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export type SignInOutcome =
  { ok: true; choice: BrowserStorageChoice } | { ok: false; message: string; silent: boolean; choice?: BrowserStorageChoice };

/** Errors a prompt=none request gets when the person has to act: sign in to the site, or consent again. */
const NEEDS_THE_PERSON = new Set(["login_required", "consent_required", "interaction_required", "account_selection_required"]);

function authorizationErrorMessage(error: string, description: string | undefined, silent: boolean): string {
  if (silent && NEEDS_THE_PERSON.has(error)) {
    return "The app could not sign in again silently: the site needs you first (your site session ended, or the app's access was revoked). Sign in.";
  }
  if (error === "access_denied")
    return "You chose Deny on the consent page, so the app got no tokens. Sign in again to allow it.";
  return `The provider refused the sign-in (${error}${description ? `: ${description}` : ""}). Sign in again.`;
}

/** Why an answer that is not an error still cannot be used: it is not the answer to the request this tab made. */
function mismatchMessage(parameters: URLSearchParams, expectedState: string): string {
  const state = parameters.get("state");
  if (state === null) {
    return "The sign-in answer carries no state, so the app cannot tell it answers the sign-in it started. It was ignored: nothing was signed in.";
  }
  if (state !== expectedState) {
    return "The sign-in answer carries a state this tab did not make (a link from elsewhere, or an old tab's answer). It was ignored: nothing was signed in.";
  }
  return "The sign-in answer does not come from this site's provider (its issuer differs). It was ignored: nothing was signed in.";
}

/**
 * Finishes the round trip on /spa/callback: checks the answer's state and issuer (RFC 9207), redeems the code with the
 * PKCE verifier, checks the ID token's nonce, and stores the tokens where the sign-in started.
 */
export async function completeSignIn(callbackUrl: URL): Promise<SignInOutcome> {
  const pending = takePendingSignIn();
  if (!pending) {
    return {
      ok: false,
      silent: false,
      message:
        "This tab was not waiting for a sign-in answer: it was started in another tab, already used, or the address was typed in. Nothing was signed in.",
    };
  }
  const { silent, choice } = pending;
  try {
    const as = await authorizationServer();
    let parameters: URLSearchParams;
    try {
      parameters = oauth.validateAuthResponse(as, CLIENT, callbackUrl, pending.state);
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError) {
        return { ok: false, silent, choice, message: authorizationErrorMessage(error.error, error.error_description, silent) };
      }
      return { ok: false, silent, choice, message: mismatchMessage(callbackUrl.searchParams, pending.state) };
    }
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      CLIENT,
      oauth.None(),
      parameters,
      redirectUri(),
      pending.codeVerifier,
      httpOptions(),
    );
    const result = await oauth.processAuthorizationCodeResponse(as, CLIENT, response, {
      expectedNonce: pending.nonce,
      requireIdToken: true,
    });
    const tokens = tokensFrom(result);
    if (choice === "local" && tokens.refresh_token) await recordNewestRefreshToken(tokens.refresh_token);
    writeTokens(choice, tokens);
    window.sessionStorage.removeItem(SILENT_ATTEMPT_KEY);
    if (choice === "memory") window.localStorage.setItem(MEMORY_SIGNED_IN_KEY, "1");
    return { ok: true, choice };
  } catch (error) {
    return { ok: false, silent, choice, message: exchangeFailureMessage(error) };
  }
}

function exchangeFailureMessage(error: unknown): string {
  if (error instanceof oauth.ResponseBodyError) {
    return `The provider would not exchange the code for tokens (${error.error}): a code works once, for a few minutes. Sign in again.`;
  }
  if (error instanceof TypeError) return "The provider could not be reached. Check that the site is running, then sign in again.";
  return "The provider's answer did not check out (its ID token, nonce or format), so it was not used. Sign in again.";
}

/** Memory only, after a reload: signed in before, nothing in memory now, and no silent attempt already under way. */
export function shouldSignInSilently(choice: BrowserStorageChoice): boolean {
  return (
    choice === "memory" &&
    readTokens("memory").status === "none" &&
    window.localStorage.getItem(MEMORY_SIGNED_IN_KEY) === "1" &&
    window.sessionStorage.getItem(SILENT_ATTEMPT_KEY) === null
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Refreshing: before expiry, once for all tabs

/** How long until the tokens should be refreshed: 30 s before the access token ends, or halfway for a shorter life. */
export function refreshDelayMs(tokens: StoredTokens, now: number): number {
  const remaining = tokens.expires_at - now;
  return Math.max(0, remaining - REFRESH_MARGIN_MS, remaining / 2);
}

const isDue = (tokens: StoredTokens, now: number) => tokens.expires_at - now <= REFRESH_MARGIN_MS;

export type RefreshOutcome =
  /** This tab refreshed: a new access token and a new refresh token are stored. */
  | { status: "refreshed"; tokens: StoredTokens }
  /** Another tab refreshed first (or nothing was due): the stored tokens are current. */
  | { status: "current"; tokens: StoredTokens }
  /** No refresh token (a silent sign-in gets none): only signing in again gets a new access token. */
  | { status: "needs-sign-in" }
  /** The refresh token was refused (revoked, expired, reused) or the stored tokens are gone: sign in again. */
  | { status: "signed-out"; message: string }
  /** The provider could not be reached: the tokens are kept, and a later refresh may work. */
  | { status: "failed"; message: string };

/** Runs `work` holding the browser-wide refresh lock (Web Locks), or directly where the browser has none. */
async function withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
  // Web Locks need a secure context (https, or localhost); elsewhere tabs may race, and rotation's reuse check may end the grant.
  if (typeof navigator.locks === "undefined") return work();
  return navigator.locks.request(REFRESH_LOCK, work);
}

/**
 * Refreshes the tokens `seen` were read from. Inside the lock it reads the store again: when another tab has already
 * rotated them (or, unless `force`, nothing is due yet) it uses theirs, so one refresh token is never sent twice.
 */
export function refreshTokens(choice: BrowserStorageChoice, seen: StoredTokens, force: boolean): Promise<RefreshOutcome> {
  return withRefreshLock(async (): Promise<RefreshOutcome> => {
    const stored = readTokens(choice);
    if (stored.status !== "present") {
      return { status: "signed-out", message: "The tokens are gone (signed out in another tab). Sign in again." };
    }
    const current = stored.tokens;
    const anotherTabRefreshed = current.refresh_token !== seen.refresh_token || current.access_token !== seen.access_token;
    if (anotherTabRefreshed || (!force && !isDue(current, Date.now()))) return { status: "current", tokens: current };
    if (!current.refresh_token) return { status: "needs-sign-in" };
    if (choice === "local") {
      // This tab's copy of localStorage may lag behind another tab's refresh: never spend a refresh token already spent.
      const newer = await newerTokensFromAnotherTab(current.refresh_token, OTHER_TAB_TOKENS_WAIT_MS).catch(
        () => ({ status: "no" }) as const,
      );
      if (newer.status === "newer") return { status: "current", tokens: newer.tokens };
      if (newer.status === "pending") {
        return {
          status: "failed",
          message: "Another tab has just refreshed; its tokens have not reached this tab yet. Try again.",
        };
      }
    }
    try {
      const as = await authorizationServer();
      const response = await oauth.refreshTokenGrantRequest(as, CLIENT, oauth.None(), current.refresh_token, httpOptions());
      const tokens = tokensFrom(await oauth.processRefreshTokenResponse(as, CLIENT, response), current);
      // Recorded before the lock is released, so the next tab to take it knows this refresh token is spent.
      if (choice === "local" && tokens.refresh_token) await recordNewestRefreshToken(tokens.refresh_token);
      writeTokens(choice, tokens);
      return { status: "refreshed", tokens };
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError) {
        forgetSignIn(choice);
        return {
          status: "signed-out",
          message: `The provider refused the refresh token (${error.error}): it was revoked, expired, or already used. Sign in again.`,
        };
      }
      return { status: "failed", message: "The provider could not be reached to refresh the tokens. Try Refresh now again." };
    }
  });
}

function forgetSignIn(choice: BrowserStorageChoice): void {
  clearTokens(choice);
  if (choice === "memory") window.localStorage.removeItem(MEMORY_SIGNED_IN_KEY);
}

// ---------------------------------------------------------------------------------------------------------------------
// Signing out

export type SignOutOutcome = { revoked: boolean; message: string };

/** Revokes the refresh token (RFC 7009) and clears the store; the store is cleared even when the provider cannot be reached. */
export async function signOut(choice: BrowserStorageChoice): Promise<SignOutOutcome> {
  const stored = readTokens(choice);
  forgetSignIn(choice);
  const refreshToken = stored.status === "present" ? stored.tokens.refresh_token : undefined;
  if (!refreshToken) return { revoked: false, message: "Signed out: the tokens are gone from this page." };
  try {
    const as = await authorizationServer();
    const response = await oauth.revocationRequest(as, CLIENT, oauth.None(), refreshToken, {
      additionalParameters: { token_type_hint: "refresh_token" },
      ...httpOptions(),
    });
    await oauth.processRevocationResponse(response);
    return {
      revoked: true,
      message:
        "Signed out: the refresh token is revoked at the provider and the tokens are gone from this page. The access token already issued still works at the API until it expires.",
    };
  } catch {
    return {
      revoked: false,
      message:
        "Signed out on this page, but the provider could not be reached to revoke the refresh token: revoke it on the Devices page.",
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Calling the API

export type ApiPath = "/me" | "/notes";
export type ApiAnswer = { path: ApiPath; status: number; body: unknown };

/** One GET at the API with the bearer token, straight from the browser to the API's origin (CORS allows the site). */
async function fetchApi(apiUrl: string, path: ApiPath, accessToken: string): Promise<ApiAnswer> {
  const response = await fetch(new URL(path.slice(1), apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`), {
    headers: { Authorization: `Bearer ${accessToken}` },
    cache: "no-store",
  });
  const body: unknown = await response.json().catch(() => null);
  return { path, status: response.status, body };
}

export type CallOutcome =
  | { status: "answered"; answer: ApiAnswer }
  | { status: "needs-sign-in" }
  | { status: "signed-out"; message: string }
  | { status: "failed"; message: string };

/**
 * Calls the API with this page's access token: refreshed first when due, and once more after a 401 (an access token
 * that expired early or was changed in storage); a refresh that fails asks the person to sign in again.
 */
export async function callApi(choice: BrowserStorageChoice, apiUrl: string, path: ApiPath): Promise<CallOutcome> {
  const stored = readTokens(choice);
  if (stored.status !== "present") return { status: "signed-out", message: "Sign in first: this page holds no tokens." };
  let tokens = stored.tokens;
  if (isDue(tokens, Date.now())) {
    const refreshed = await refreshTokens(choice, tokens, false);
    if (refreshed.status === "refreshed" || refreshed.status === "current") tokens = refreshed.tokens;
    else if (refreshed.status !== "needs-sign-in" || tokens.expires_at <= Date.now()) return refreshed;
  }
  try {
    const answer = await fetchApi(apiUrl, path, tokens.access_token);
    if (answer.status !== 401) return { status: "answered", answer };
    const refreshed = await refreshTokens(choice, tokens, true);
    if (refreshed.status !== "refreshed" && refreshed.status !== "current") return refreshed;
    return { status: "answered", answer: await fetchApi(apiUrl, path, refreshed.tokens.access_token) };
  } catch {
    return {
      status: "failed",
      message: `The API at ${apiUrl} could not be reached. Check that it is running, then call it again.`,
    };
  }
}
