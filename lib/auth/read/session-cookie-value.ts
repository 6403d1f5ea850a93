import { chunkSessionCookie, sessionCookieName } from "@/lib/auth/issue/session-cookie";
import type { SessionCookieRead } from "@/lib/auth/read/lean-read-answer";

/**
 * A Cookie header's pairs, parsed as Auth.js parses it (its vendored `cookie` 1.x): the first pair of
 * a name wins, blanks around names and values are trimmed, and a value is URL-decoded when it can be.
 */
export function parseCookieHeader(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of header.split(";")) {
    const separator = pair.indexOf("=");
    if (separator === -1) continue;
    const name = pair.slice(0, separator).replace(/^[ \t]+|[ \t]+$/g, "");
    if (cookies.has(name)) continue;
    cookies.set(name, decodeCookieValue(pair.slice(separator + 1).replace(/^[ \t]+|[ \t]+$/g, "")));
  }
  return cookies;
}

function decodeCookieValue(value: string): string {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const chunkOrder = (name: string) => parseInt(name.split(".").pop() ?? "0", 10);

/**
 * The session cookie's value, put together as Auth.js's SessionStore does: every non-empty cookie
 * whose name starts with `name`, ordered by the number after its last dot, joined. Mirrored
 * exactly, quirks included, so that both read paths see the same token.
 */
export function sessionCookieValue(cookies: Map<string, string>, name: string): string {
  return sessionCookieReadParts({ cookies, name })
    .map((part) => part.value)
    .join("");
}

type SessionCookieAttributes = { secure: boolean; expires: Date };

function serializeSessionCookie(name: string, value: string, { secure, expires }: SessionCookieAttributes): string {
  return `${name}=${value}; Path=/; Expires=${expires.toUTCString()}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/**
 * The Set-Cookie values that store `value` as the session cookie, chunked as Auth.js chunks it, and
 * that clear any part the browser holds which the new value does not use.
 */
export function sessionSetCookies(
  cookies: Map<string, string>,
  name: string,
  value: string,
  attributes: SessionCookieAttributes,
): string[] {
  const written = chunkSessionCookie(name, value);
  const writtenNames = new Set(written.map((part) => part.name));
  const stale = [...cookies.keys()].filter((cookieName) => cookieName.startsWith(name) && !writtenNames.has(cookieName));
  return [
    ...stale.map((cookieName) => clearingCookie(cookieName, attributes.secure)),
    ...written.map((part) => serializeSessionCookie(part.name, part.value, attributes)),
  ];
}

function clearingCookie(name: string, secure: boolean): string {
  return `${serializeSessionCookie(name, "", { secure, expires: new Date(0) })}; Max-Age=0`;
}

/** The Set-Cookie values that clear every part of the session cookie the browser sent, as Auth.js does for an invalid one. */
export function clearedSessionCookies(cookies: Map<string, string>, name: string, secure: boolean): string[] {
  return [...cookies.keys()]
    .filter((cookieName) => cookieName.startsWith(name))
    .map((cookieName) => clearingCookie(cookieName, secure));
}

/**
 * Whether a raw Cookie header names the session cookie, or one of its chunks, more than once. Parsers
 * disagree on which copy wins (Auth.js's keeps the first, Next's `cookies()` the last), so such a request
 * is signed out: no reader may pick a copy.
 */
export function carriesSessionCookieTwice(header: string, name: string): boolean {
  const seen = new Set<string>();
  for (const pair of header.split(";")) {
    const separator = pair.indexOf("=");
    if (separator === -1) continue;
    const cookieName = pair.slice(0, separator).replace(/^[ \t]+|[ \t]+$/g, "");
    if (!cookieName.startsWith(name)) continue;
    if (seen.has(cookieName)) return true;
    seen.add(cookieName);
  }
  return false;
}

/**
 * A request's cookies and its session cookie (joined from its chunks; "" when it sent none): what every
 * reader of the session cookie starts from (the read, the switch, sign-out, the devices page, the inspector).
 */
export function readSessionCookie(
  requestHeaders: Pick<Headers, "get">,
  secureCookies: boolean,
): SessionCookieRead & { duplicated: boolean } {
  const header = requestHeaders.get("cookie") ?? "";
  const cookies = parseCookieHeader(header);
  const name = sessionCookieName(secureCookies);
  return { cookies, name, value: sessionCookieValue(cookies, name), duplicated: carriesSessionCookieTwice(header, name) };
}

/** The session cookie's parts as the read joins them (name and value, in order): what a switch clears and the inspector measures. */
export function sessionCookieReadParts({
  cookies,
  name,
}: Pick<SessionCookieRead, "cookies" | "name">): { name: string; value: string }[] {
  return [...cookies]
    .filter(([cookieName, value]) => cookieName.startsWith(name) && value !== "")
    .sort(([a], [b]) => chunkOrder(a) - chunkOrder(b))
    .map(([cookieName, value]) => ({ name: cookieName, value }));
}
