// No "server-only" and no environment: start-up and measuring code outside Next name these cookies too.
import type { Env } from "@/lib/env";
import { resolveSetup, type SessionSetup } from "@/lib/auth/mode";

// Every cookie the session core names, its options, the one Cookie-header parser and the one chunk rule.
// Auth.js names its other cookies (CSRF token, callback URL) itself, from `useSecureCookies`.

/** Over https a cookie name gets `__Host-`: the browser then insists on Secure, Path=/ and no Domain, so no sibling subdomain can plant or shadow it. */
const hostOnly = (name: string, secure: boolean) => (secure ? `__Host-${name}` : name);

/** The session cookie (Auth.js's name over http; `__Host-`, stricter than Auth.js's `__Secure-`, over https). */
export const sessionCookieName = (secure: boolean): string => hostOnly("authjs.session-token", secure);

/** The cookie that remembers which mode this browser uses (its name over plain http). */
export const MODE_COOKIE_NAME = "lab-session-mode";
/** The mode cookie: `__Host-` over https, so a sibling subdomain cannot pick the mode. */
export const modeCookieName = (secure: boolean): string => hostOnly(MODE_COOKIE_NAME, secure);

/** The hybrid mode's short-lived token rides in a cookie of its own, beside the session cookie (its name over plain http). */
export const HYBRID_TOKEN_COOKIE = "lab-hybrid-token";

/** The OpenID provider's own cookies (oidc-provider signs them; `.sig` companions carry the signatures). */
export const OIDC_COOKIE_NAMES = {
  session: "lab-op-session",
  interaction: "lab-op-interaction",
  resume: "lab-op-resume",
} as const;
export const hybridTokenCookieName = (secure: boolean): string => hostOnly(HYBRID_TOKEN_COOKIE, secure);

/** The backend-for-frontend's cookie: a random id of the tokens the site holds for this browser (its name over http). */
const BFF_COOKIE = "lab-bff";
export const bffCookieName = (secure: boolean): string => hostOnly(BFF_COOKIE, secure);
/** The BFF's sign-in in progress (state, PKCE verifier, where to return), sealed, for the ten minutes a sign-in may take. */
export const bffLoginCookieName = (secure: boolean): string => hostOnly("lab-bff-login", secure);

export type CookieOptions = {
  httpOnly?: boolean;
  sameSite?: "lax";
  path?: string;
  secure?: boolean;
  expires?: Date;
  maxAge?: number;
};

/** The session cookie's and the hybrid token's options: what `__Host-` demands, and an expiry. */
export function sessionCookieOptions(secure: boolean, expires: Date): CookieOptions {
  return { httpOnly: true, sameSite: "lax", path: "/", secure, expires };
}

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

export function modeCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: ONE_YEAR_SECONDS };
}

/** A cookie to set, as a value: cookies stay values until the edge (a route handler, an action's cookie store) sets them. */
export type OutgoingCookie = { name: string; value: string; options: CookieOptions };

/** An expired write with the same attributes, rather than a delete, so that `__Host-` names go too. */
export function expiredCookie(name: string, secure: boolean): OutgoingCookie {
  return { name, value: "", options: { ...sessionCookieOptions(secure, new Date(0)), maxAge: 0 } };
}

/** The part of Next's cookie store the edge needs: what the browser holds, and a way to set a cookie. */
export type CookieJar = {
  getAll(): { name: string; value: string }[];
  set(name: string, value: string, options: CookieOptions): unknown;
};

export function setCookies(jar: CookieJar, cookies: OutgoingCookie[]): void {
  for (const cookie of cookies) jar.set(cookie.name, cookie.value, cookie.options);
}

/** A Set-Cookie header value for a cookie: the edge's last step, where a cookie stops being a value. */
export function serializeCookie({ name, value, options }: OutgoingCookie): string {
  const expires = options.expires ? `; Expires=${options.expires.toUTCString()}` : "";
  const maxAge = options.maxAge === undefined ? "" : `; Max-Age=${options.maxAge}`;
  return `${name}=${value}; Path=/${expires}; HttpOnly; SameSite=Lax${options.secure ? "; Secure" : ""}${maxAge}`;
}

/** Sends cookies with a response a route builds itself. */
export function appendSetCookies(headers: Headers, cookies: OutgoingCookie[]): void {
  for (const cookie of cookies) headers.append("Set-Cookie", serializeCookie(cookie));
}

/** The session cookies Auth.js's `auth()` wrote as Set-Cookie headers, back as values: only the attributes it sets. */
export function cookiesFromSetCookieHeaders(headers: string[]): OutgoingCookie[] {
  return headers.map((header) => {
    const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
    const separator = pair.indexOf("=");
    const options: CookieOptions = {};
    for (const attribute of attributes) {
      const [key = "", value = ""] = attribute.split("=", 2);
      const name = key.toLowerCase();
      if (name === "expires") options.expires = new Date(value);
      else if (name === "max-age") options.maxAge = Number(value);
      else if (name === "path") options.path = value;
      else if (name === "httponly") options.httpOnly = true;
      else if (name === "secure") options.secure = true;
      else if (name === "samesite") options.sameSite = "lax";
    }
    return { name: pair.slice(0, separator), value: pair.slice(separator + 1), options };
  });
}

/**
 * A Cookie header's pairs, parsed as Auth.js parses it (its vendored `cookie` 1.x): the first pair of
 * a name wins, blanks around names and values are trimmed, and a value is URL-decoded when it can be.
 */
function parseCookieHeader(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const [name, value] of cookieHeaderPairs(header ?? ""))
    if (!cookies.has(name)) cookies.set(name, decodeCookieValue(value));
  return cookies;
}

/** Every `name=value` pair of a Cookie header in order, repeats included, with spaces and tabs trimmed around both. */
function cookieHeaderPairs(header: string): [name: string, value: string][] {
  const trim = (text: string) => text.replace(/^[ \t]+|[ \t]+$/g, "");
  return header
    .split(";")
    .filter((pair) => pair.includes("="))
    .map((pair) => [trim(pair.slice(0, pair.indexOf("="))), trim(pair.slice(pair.indexOf("=") + 1))]);
}

function decodeCookieValue(value: string): string {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** One cookie's value from a raw Cookie header, or undefined. */
export function readCookieFromHeader(header: string | null | undefined, name: string): string | undefined {
  return parseCookieHeader(header).get(name);
}

/** The mode and store a request asks for, from its mode cookie; anything unknown means the default. */
export function setupFromHeaders(
  headers: Pick<Headers, "get">,
  env: Pick<Env, "secureCookies" | "AUTH_DEFAULT_MODE">,
): SessionSetup {
  return resolveSetup(readCookieFromHeader(headers.get("cookie"), modeCookieName(env.secureCookies)), env.AUTH_DEFAULT_MODE);
}

// The chunk rule. Mirrors Auth.js's SessionStore: a browser keeps at most 4096 bytes per cookie, about 160 of them for attributes.
export const SESSION_COOKIE_CHUNK_SIZE = 4096 - 160;

/** The one chunk rule: a cookie `name` is stored whole as `name`, or in chunks `name.0`, `name.1`… */
function isCookiePart(cookieName: string, name: string): boolean {
  return cookieName === name || (cookieName.startsWith(`${name}.`) && /^\d+$/.test(cookieName.slice(name.length + 1)));
}

// Auth.js's own order: by the number after the last dot (the whole cookie's NaN compares equal to any chunk).
const chunkOrder = (name: string) => parseInt(name.split(".").pop() ?? "0", 10);

type CookieLike = { name: string; value: string };

/** A cookie's parts as the browser sent them, in chunk order; empty ones are skipped, as Auth.js skips them. */
export function sessionCookieParts(all: CookieLike[], name: string): CookieLike[] {
  return all
    .filter((cookie) => isCookiePart(cookie.name, name) && cookie.value !== "")
    .sort((a, b) => chunkOrder(a.name) - chunkOrder(b.name));
}

/** Splits a value into the cookies Auth.js would write for it. */
export function chunkSessionCookie(name: string, value: string): CookieLike[] {
  if (value.length <= SESSION_COOKIE_CHUNK_SIZE) return [{ name, value }];
  const chunks: CookieLike[] = [];
  for (let index = 0; index * SESSION_COOKIE_CHUNK_SIZE < value.length; index += 1) {
    const start = index * SESSION_COOKIE_CHUNK_SIZE;
    chunks.push({ name: `${name}.${index}`, value: value.slice(start, start + SESSION_COOKIE_CHUNK_SIZE) });
  }
  return chunks;
}

/** The session cookie as the browser sent it: every cookie, the session cookie's name, and its value joined from its chunks. */
export type SessionCookieRead = { cookies: Map<string, string>; name: string; value: string };

/** The session cookie's parts as the read joins them (name and value, in order): what a switch clears and the inspector measures. */
export function sessionCookieReadParts({ cookies, name }: Pick<SessionCookieRead, "cookies" | "name">): CookieLike[] {
  return sessionCookieParts(
    [...cookies].map(([cookieName, value]) => ({ name: cookieName, value })),
    name,
  );
}

/**
 * Whether a raw Cookie header names the session cookie, or one of its chunks, more than once. Parsers
 * disagree on which copy wins (Auth.js's keeps the first, Next's `cookies()` the last), so such a request
 * is signed out: no reader may pick a copy.
 */
export function carriesSessionCookieTwice(header: string, name: string): boolean {
  const seen = new Set<string>();
  for (const [cookieName] of cookieHeaderPairs(header)) {
    if (!cookieName.startsWith(name)) continue;
    if (seen.has(cookieName)) return true;
    seen.add(cookieName);
  }
  return false;
}

/**
 * Whether a non-empty cookie's name starts with the session cookie's without being one of its parts
 * (`name.x`, `name-old`): Auth.js's SessionStore would join it into the value, the chunk rule would not,
 * so, like a duplicate, no reader may pick a reading.
 */
function carriesLookAlike(cookies: Map<string, string>, name: string): boolean {
  return [...cookies].some(
    ([cookieName, value]) => value !== "" && cookieName.startsWith(name) && !isCookiePart(cookieName, name),
  );
}

/**
 * A request's cookies and its session cookie (joined from its chunks; "" when it sent none): what every
 * reader of the session cookie starts from (the read, the switch, sign-out, the devices page, the inspector).
 * `duplicated`: the cookie came twice, or beside a look-alike; such a request is signed out on every path.
 */
export function readSessionCookie(
  requestHeaders: Pick<Headers, "get">,
  secureCookies: boolean,
): SessionCookieRead & { duplicated: boolean } {
  const header = requestHeaders.get("cookie") ?? "";
  const cookies = parseCookieHeader(header);
  const name = sessionCookieName(secureCookies);
  const value = sessionCookieReadParts({ cookies, name })
    .map((part) => part.value)
    .join("");
  return { cookies, name, value, duplicated: carriesSessionCookieTwice(header, name) || carriesLookAlike(cookies, name) };
}

/**
 * The cookies that store `value` as a chunked cookie, chunked as Auth.js chunks it, and that
 * clear any part the browser holds which the new value does not use.
 */
export function sessionSetCookies(
  cookies: Map<string, string>,
  name: string,
  value: string,
  { secure, expires }: { secure: boolean; expires: Date },
): OutgoingCookie[] {
  const written = chunkSessionCookie(name, value);
  const writtenNames = new Set(written.map((part) => part.name));
  const stale = [...cookies.keys()].filter((cookieName) => isCookiePart(cookieName, name) && !writtenNames.has(cookieName));
  return [
    ...stale.map((cookieName) => expiredCookie(cookieName, secure)),
    ...written.map((part) => ({ ...part, options: sessionCookieOptions(secure, expires) })),
  ];
}

/** The cookies that clear every part of a cookie the browser sent, as Auth.js does for an invalid session. */
export function clearedSessionCookies(cookies: Map<string, string>, name: string, secure: boolean): OutgoingCookie[] {
  return [...cookies.keys()]
    .filter((cookieName) => isCookiePart(cookieName, name))
    .map((cookieName) => expiredCookie(cookieName, secure));
}

/**
 * Clears the browser's hybrid token, if it has one: once its session is gone or replaced, the token would only be refused.
 */
export function clearedHybridToken(held: CookieLike[], secure: boolean): OutgoingCookie[] {
  const name = hybridTokenCookieName(secure);
  return held.some((cookie) => cookie.name === name) ? [expiredCookie(name, secure)] : [];
}

/** Clears the OpenID provider's session in this browser, so apps cannot sign in silently after the site signs out. */
export function clearedProviderSession(held: CookieLike[], secure: boolean): OutgoingCookie[] {
  const names = [OIDC_COOKIE_NAMES.session, `${OIDC_COOKIE_NAMES.session}.sig`];
  return held.filter((cookie) => names.includes(cookie.name)).map((cookie) => expiredCookie(cookie.name, secure));
}
