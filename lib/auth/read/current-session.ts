import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { getEnv } from "@/lib/env";
import { nextAuth } from "@/lib/auth/authjs/next-auth-instance";
import type { SessionMode } from "@/lib/auth/mode";
import type { SessionDto } from "@/lib/auth/read/session-dto";
import { sessionCookieName } from "@/lib/auth/issue/session-cookie";
import { modeFromHeaders } from "@/lib/auth/mode-cookie";
import {
  newSessionReadRecord,
  recordSessionRead,
  sessionReadOutage,
  type AuthTrace,
  type SessionReadRecord,
} from "@/lib/auth/read/session-read-trace";

/** Which credential authenticated this request: a Session row, or a token and its grant (`sid`). */
export type SessionCredential =
  { kind: "session"; sessionRowId: string; expires: Date } | { kind: "token"; tokenSid: string | undefined; claims: JWT };

type ReadOutcome = { mode: SessionMode; cost: AuthTrace };

export type SignedIn = ReadOutcome & {
  status: "signed-in";
  session: SessionDto;
  credential: SessionCredential;
  /** The Set-Cookie values Auth.js produced for the session cookie (renewal), for route handlers to send. */
  sessionSetCookies: string[];
};
export type SignedOut = ReadOutcome & { status: "signed-out"; sessionSetCookies: string[] };
/** The store did not answer: who this is cannot be known, and the cookie is kept. */
export type StoreUnavailable = ReadOutcome & { status: "store-unavailable" };

export type CurrentSession = SignedIn | SignedOut | StoreUnavailable;

/**
 * auth()'s API-route form as it behaves (next-auth/lib/index.js): it reads the request's `headers` and
 * appends each Set-Cookie to the response's `headers`, which the no-argument form drops.
 */
type ReadSessionWithCookies = (
  request: { headers: Awaited<ReturnType<typeof headers>> },
  response: { headers: Headers },
) => Promise<Session | null>;
const readSessionWithCookies: ReadSessionWithCookies = nextAuth.auth;

function credentialOf(record: SessionReadRecord): SessionCredential {
  if (record.sessionRow) return { kind: "session", sessionRowId: record.sessionRow.id, expires: record.sessionRow.expires };
  if (record.jwtClaims) {
    const sid = record.jwtClaims.sid;
    return { kind: "token", tokenSid: typeof sid === "string" ? sid : undefined, claims: record.jwtClaims };
  }
  // Auth.js answered with a session without reading a credential: never signed in on that.
  throw new Error("A session read produced a session without a credential");
}

/** This request's session, read once per request: signed in, signed out or store unavailable, with what the read cost. */
export const getCurrentSession = cache(async (): Promise<CurrentSession> => {
  const requestHeaders = await headers();
  const record = newSessionReadRecord(modeFromHeaders(requestHeaders));
  const response = { headers: new Headers() };
  const session: SessionDto | null = await recordSessionRead(record, () =>
    readSessionWithCookies({ headers: requestHeaders }, response),
  );
  const { trace: cost } = record;
  // During an outage Auth.js clears the cookie as if it were invalid; keep it instead.
  if (sessionReadOutage(record)) return { status: "store-unavailable", mode: cost.mode, cost };
  const cookieName = sessionCookieName(getEnv().secureCookies);
  const sessionSetCookies = response.headers.getSetCookie().filter((cookie) => cookie.startsWith(cookieName));
  cost.cookieReissued = sessionSetCookies.some((cookie) => !/Max-Age=0/i.test(cookie));
  if (!session?.user.id) return { status: "signed-out", mode: cost.mode, cost, sessionSetCookies };
  return { status: "signed-in", mode: cost.mode, session, credential: credentialOf(record), cost, sessionSetCookies };
});
