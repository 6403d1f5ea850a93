import "server-only";
import { randomBytes } from "node:crypto";

const BASE_NAME = "authjs.session-token";
// Mirrors Auth.js: a browser keeps at most 4096 bytes per cookie, about 160 of them for attributes.
export const SESSION_COOKIE_CHUNK_SIZE = 4096 - 160;

/**
 * The session cookie's name. Over https it is `__Host-` (stricter than Auth.js's `__Secure-`): the
 * browser then insists on Secure, Path=/ and no Domain, so no sibling subdomain can plant or shadow it.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? `__Host-${BASE_NAME}` : BASE_NAME;
}

export function sessionCookieOptions(secure: boolean, expires: Date) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure, expires };
}

/** A fresh opaque session token: 256 random bits. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

type CookieLike = { name: string; value: string };

/** The session cookie's parts as the browser sent them, in chunk order (`name`, or `name.0`, `name.1`…). */
export function sessionCookieParts(all: CookieLike[], name: string): CookieLike[] {
  const chunkIndex = (cookie: CookieLike) => Number(cookie.name.slice(name.length + 1) || "0");
  const isPart = (cookie: CookieLike) =>
    cookie.name === name || (cookie.name.startsWith(`${name}.`) && /^\d+$/.test(cookie.name.slice(name.length + 1)));
  return all.filter((cookie) => isPart(cookie) && cookie.value !== "").sort((a, b) => chunkIndex(a) - chunkIndex(b));
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
