import { encode } from "@auth/core/jwt";
import { hostileString, HOSTILE_TEXT } from "./hostile-values";
import type { Random } from "./random";

const SESSION = "authjs.session-token";
const MODE = "lab-session-mode";

export type HostileCookie = { label: string; cookie: string };

const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** Flips one character of `token` at a random position, keeping it in the base64url alphabet. */
function tamper(token: string, random: Random): string {
  const index = random.int(token.length);
  const replacement = token[index] === "A" ? "B" : "A";
  return `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
}

/** Five-part strings shaped like a JWE, with chosen headers and random parts. */
function jweShaped(random: Random, header: Record<string, unknown>): string {
  return [
    b64(header),
    "",
    random.bytes(12).toString("base64url"),
    random.bytes(48).toString("base64url"),
    random.bytes(16).toString("base64url"),
  ].join(".");
}

/**
 * Session cookies that must never sign anyone in, for both modes: garbage, tampered and wrong-key
 * tokens, `alg: none`, expired, oversize, and chunk games.
 */
export async function hostileSessionCookies(random: Random, secret: string, count: number): Promise<HostileCookie[]> {
  const claims = {
    sub: "cfuzz000000000000000000000",
    name: "Fuzz",
    email: "fuzz@example.com",
    sid: "cfuzz000000000000000000001",
    authTime: Math.floor(Date.now() / 1000),
  };
  const wrongKey = await encode({
    token: claims,
    secret: "a-wrong-secret-that-is-long-enough-0000000000",
    salt: SESSION,
    maxAge: 3600,
  });
  const expired = await encode({ token: claims, secret, salt: SESSION, maxAge: -3600 });
  const otherSalt = await encode({ token: claims, secret, salt: "another-cookie-name", maxAge: 3600 });
  const makers: (() => Promise<string[]> | string[])[] = [
    () => [hostileString(random, 1 + random.int(200))],
    () => [random.bytes(32).toString("base64url")],
    () => [random.bytes(1 + random.int(3000)).toString("base64url")],
    () => [random.pick(HOSTILE_TEXT)],
    () => [tamper(wrongKey, random)],
    () => [wrongKey],
    () => [expired],
    () => [tamper(expired, random)],
    () => [otherSalt],
    () => [`${b64({ alg: "none" })}.${b64(claims)}.`],
    () => [`${b64({ alg: "HS256", typ: "JWT" })}.${b64(claims)}.${random.bytes(32).toString("base64url")}`],
    () => [jweShaped(random, { alg: "dir", enc: "A256CBC-HS512" })],
    () => [jweShaped(random, { alg: "dir", enc: "A256GCM", zip: "DEF" })],
    () => [jweShaped(random, { alg: "RSA-OAEP", enc: "A128GCM" })],
    () => [jweShaped(random, { alg: "dir", enc: "A256GCM", crit: ["exp"] })],
    () => [jweShaped(random, { alg: "none" })],
    () => ["x".repeat(3900 + random.int(200))],
    () => [wrongKey.split(".").slice(0, 3).join(".")],
    () => [`${wrongKey}.extra`],
    () => ["%00%ff%fe"],
    // Chunk games: a token split wrongly over `name.N` cookies.
    () => {
      const half = Math.floor(wrongKey.length / 2);
      return [`.0=${wrongKey.slice(0, half)}`];
    },
    () => [`.1=${wrongKey}`],
    () => [`.0=${wrongKey.slice(0, 40)}`, `.2=${wrongKey.slice(40)}`],
    () => [`.00=${wrongKey}`],
    () => [`.-1=${wrongKey}`],
    () => Array.from({ length: 2 + random.int(20) }, (_, index) => `.${index}=${random.bytes(200).toString("base64url")}`),
    () => [wrongKey, `.0=${wrongKey}`],
    () => [expired, expired],
  ];
  const cookies: HostileCookie[] = [];
  for (let index = 0; index < count; index += 1) {
    const makerIndex = index % makers.length;
    const parts = await makers[makerIndex]!();
    const mode = index % 2 === 0 ? "database" : "jwt";
    const pairs = parts.map((part) => (part.startsWith(".") ? `${SESSION}${part}` : `${SESSION}=${part}`));
    cookies.push({ label: `session cookie #${makerIndex} (${mode})`, cookie: [`${MODE}=${mode}`, ...pairs].join("; ") });
  }
  return cookies;
}

/** Mode cookies that must fall back to the default mode. */
export function hostileModeCookies(random: Random, count: number): HostileCookie[] {
  const values = [
    "",
    "DATABASE",
    "jwt ",
    "hybrid",
    "none",
    "database;jwt",
    "%6Awt",
    "jwt\u0000",
    "x".repeat(5000),
    ...HOSTILE_TEXT,
  ];
  return Array.from({ length: count }, (_, index) => {
    const value = index < values.length ? values[index]! : hostileString(random, 1 + random.int(100));
    return {
      label: "mode cookie",
      cookie: `${MODE}=${value}; ${SESSION}=${random.bytes(32).toString("base64url")}`,
    };
  });
}
