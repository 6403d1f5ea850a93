import "server-only";
import { cookies, headers } from "next/headers";
import { getEnv } from "@/lib/env";
import { readSessionCookie, sessionCookieReadParts, hybridTokenCookieName } from "@/lib/auth/cookies";
import { openHybridToken } from "@/lib/auth/tokens/hybrid-token";

export type SessionCookieInspection = {
  name: string;
  /** How many cookies the value is split into (Auth.js chunks values above ~3.9 kB). */
  chunks: number;
  /** Bytes of the value alone. */
  valueBytes: number;
  /** Bytes this cookie adds to every request's Cookie header (`name=value` per chunk). */
  headerBytes: number;
  /** An opaque token, or a JWE (five base64url parts). */
  format: "jwe" | "opaque";
  /** The first characters only: enough to recognise, never enough to replay. */
  preview: string;
  /** A JWE's protected header (algorithm, encryption, key id): public by design. */
  jweHeader?: Record<string, unknown>;
};

/** The protected header of a JWE (its first part): algorithm, encryption and key id, never secret. */
export function jweProtectedHeader(jwe: string): Record<string, unknown> | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(jwe.split(".")[0] ?? "", "base64url").toString("utf8"));
    return header && typeof header === "object" ? (header as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const PREVIEW_LENGTH = 8;

/** What this browser's session cookie holds, measured on this request. */
export async function inspectSessionCookie(): Promise<SessionCookieInspection | null> {
  // The read's own parser: what is measured is what the read reads.
  const cookie = readSessionCookie(await headers(), getEnv().secureCookies);
  const { name } = cookie;
  const parts = sessionCookieReadParts(cookie);
  if (parts.length === 0) return null;
  const value = parts.map((part) => part.value).join("");
  const format = value.split(".").length === 5 ? "jwe" : "opaque";
  return {
    name,
    chunks: parts.length,
    valueBytes: Buffer.byteLength(value),
    headerBytes: parts.reduce((sum, part) => sum + Buffer.byteLength(`${part.name}=${part.value}`), 0) + (parts.length - 1) * 2,
    format,
    preview: `${value.slice(0, PREVIEW_LENGTH)}…`,
    jweHeader: format === "jwe" ? jweProtectedHeader(value) : undefined,
  };
}

export type HybridTokenInspection = {
  name: string;
  /** Bytes this cookie adds to every request's Cookie header (`name=value`). */
  headerBytes: number;
  preview: string;
  /** When the token stops answering reads, if it opens with this server's secrets; undefined for a token that does not. */
  expires?: Date;
};

/** What this browser's hybrid token cookie holds, measured on this request; null when it has none yet. */
export async function inspectHybridTokenCookie(): Promise<HybridTokenInspection | null> {
  const env = getEnv();
  const name = hybridTokenCookieName(env.secureCookies);
  const value = (await cookies()).get(name)?.value ?? "";
  if (value === "") return null;
  const opened = openHybridToken(value, env.authSecrets);
  return {
    name,
    headerBytes: Buffer.byteLength(`${name}=${value}`),
    preview: `${value.slice(0, PREVIEW_LENGTH)}…`,
    expires: "claims" in opened ? new Date(opened.claims.exp * 1000) : undefined,
  };
}
