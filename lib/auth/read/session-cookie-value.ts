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
  const parts = [...cookies].filter(([cookieName, value]) => cookieName.startsWith(name) && value !== "");
  return parts
    .sort(([a], [b]) => chunkOrder(a) - chunkOrder(b))
    .map(([, value]) => value)
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

/** A request's cookies and its session cookie (joined from its chunks; "" when it sent none): what every read starts from. */
export function readSessionCookie(requestHeaders: Headers, secureCookies: boolean): SessionCookieRead {
  const cookies = parseCookieHeader(requestHeaders.get("cookie") ?? "");
  const name = sessionCookieName(secureCookies);
  return { cookies, name, value: sessionCookieValue(cookies, name) };
}
