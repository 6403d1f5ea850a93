import "server-only";
import { decode } from "next-auth/jwt";
import type { SessionReadPath } from "@/lib/auth/mode";
import { sealSessionToken } from "@/lib/auth/tokens/seal";
import { openSessionToken } from "@/lib/auth/tokens/open";
import { sessionKeyRing } from "@/lib/auth/tokens/keys";
import { prisma } from "@/lib/db/client";
import { defined } from "@/lib/defined";
import { newSessionToken, hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import { sessionCookieName, hybridTokenCookieName } from "@/lib/auth/cookies";
import { hybridClaimsFor, openHybridToken, sealHybridToken, sessionBinding } from "@/lib/auth/tokens/hybrid-token";
import type { SessionDto } from "@/lib/auth/session/types";
import { jweProtectedHeader } from "@/lib/lab/session-cookie-inspection";
import { DEFAULT_SESSION_STORE } from "@/lib/auth/mode";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";

export type ModeSample = { cookieHeaderBytes: number; verifyUs: number; dbQueries: number; jweHeader?: Record<string, unknown> };

const SAMPLES = 5;

/** The median time of a few runs, in µs, so one cold connection or key derivation does not decide it. */
async function medianMicroseconds(operation: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let index = 0; index < SAMPLES; index += 1) {
    const started = process.hrtime.bigint();
    await operation();
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return defined(samples.sort((a, b) => a - b)[Math.floor(SAMPLES / 2)], "a median sample");
}

/**
 * What a jwt-mode cookie for this person would weigh, sealed as the app seals new tokens (A256GCM), and
 * what opening it costs on the deployment's read path (median of 5), measured now.
 */
export async function sampleJwtMode(
  user: SessionDto["user"] | undefined,
  secrets: [string, ...string[]],
  cookieName: string,
  readPath: SessionReadPath,
): Promise<ModeSample> {
  const claims = user
    ? { sub: user.id, name: user.name, email: user.email, picture: user.image }
    : { sub: "c000000000000000000000000", name: "Ada Lovelace", email: "ada@example.com", picture: null };
  const ring = sessionKeyRing(secrets, cookieName);
  const token = sealSessionToken(claims, ring, Math.floor(Date.now() / 1000) + 3600);
  const open =
    readPath === "lean"
      ? () => Promise.resolve(openSessionToken(token, ring))
      : () => decode({ token, secret: secrets, salt: cookieName });
  return {
    cookieHeaderBytes: Buffer.byteLength(`${cookieName}=${token}`),
    verifyUs: await medianMicroseconds(open),
    dbQueries: 0,
    jweHeader: jweProtectedHeader(token),
  };
}

/** What a database-mode cookie weighs, and what the indexed session lookup costs (median of 5), measured now. */
export async function sampleDatabaseMode(cookieName: string): Promise<ModeSample> {
  const token = newSessionToken();
  const verifyUs = await medianMicroseconds(() =>
    prisma().session.findUnique({ where: { sessionToken: hashSessionToken(token) }, include: { user: true } }),
  );
  return { cookieHeaderBytes: Buffer.byteLength(`${cookieName}=${token}`), verifyUs, dbQueries: 1 };
}

/** A hybrid browser's two cookies, and what opening its token costs; a read with a valid token makes no query. */
export type HybridSample = ModeSample & { sessionCookieBytes: number; tokenCookieBytes: number };

/**
 * What a hybrid browser's cookies would weigh for this person: a session cookie as database mode's,
 * and beside it a token sealed as the hybrid read seals it, with the same claims; and what opening
 * that token costs (median of 5), measured now.
 */
export function sampleHybridMode(
  user: SessionDto["user"] | undefined,
  secrets: [string, ...string[]],
  secure: boolean,
  ttlSeconds: number,
): Promise<HybridSample> {
  const person = user ?? { id: "c000000000000000000000000", name: "Ada Lovelace", email: "ada@example.com", image: null };
  const sessionToken = newSessionToken();
  const now = Date.now();
  const token = sealHybridToken(
    hybridClaimsFor({
      user: person,
      sessionRowId: "c000000000000000000000001",
      store: DEFAULT_SESSION_STORE,
      boundTo: sessionBinding(sessionToken),
      sessionExpires: new Date(now + SESSION_MAX_AGE_SECONDS * 1000),
      sessionEndsAt: new Date(now + SESSION_MAX_AGE_SECONDS * 1000),
    }),
    secrets,
    ttlSeconds,
  );
  const sessionCookieBytes = Buffer.byteLength(`${sessionCookieName(secure)}=${sessionToken}`);
  const tokenCookieBytes = Buffer.byteLength(`${hybridTokenCookieName(secure)}=${token}`);
  return medianMicroseconds(() => Promise.resolve(openHybridToken(token, secrets))).then((verifyUs) => ({
    // Two cookies in one Cookie header: "; " between them.
    cookieHeaderBytes: sessionCookieBytes + 2 + tokenCookieBytes,
    sessionCookieBytes,
    tokenCookieBytes,
    verifyUs,
    dbQueries: 0,
    jweHeader: jweProtectedHeader(token),
  }));
}
