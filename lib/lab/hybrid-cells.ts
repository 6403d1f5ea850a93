import type { CurrentSession } from "@/lib/auth";
import { STORE_LABELS } from "@/lib/auth/mode";
import { formatDuration } from "@/lib/format-duration";
import type { Cell } from "@/lib/lab/cell";
import type { HybridSample } from "@/lib/lab/other-mode-samples";
import type { HybridTokenInspection, SessionCookieInspection } from "@/lib/lab/session-cookie-inspection";
import type { SessionStoreStats } from "@/lib/lab/session-store-stats";

export const formatMicroseconds = (us: number) =>
  Number.isFinite(us) ? `${Math.round(us).toLocaleString("en")} µs` : "unavailable";

const queries = (count: number) => `${count} ${count === 1 ? "query" : "queries"}`;

/** Where a hybrid session's state lives: the session in its store, as database mode's, and a short-lived token in the browser. */
export function hybridStateCell(store: SessionStoreStats, ttlSeconds: number): Cell {
  const token = `a token in the browser (${formatDuration(ttlSeconds)} at a time)`;
  if (!store.reachable) {
    return {
      headline: `The session in ${STORE_LABELS[store.store]} (unreachable now) + ${token}`,
      detail: "The session store did not answer just now; a valid token still answers reads until it expires.",
      measured: true,
    };
  }
  return {
    headline: `The session in ${STORE_LABELS[store.store]} + ${token}`,
    detail: `The session stays the source of truth (${store.liveRowsLabel} live now, ${store.yourRows} yours); the token carries its claims, so reads within its ${formatDuration(ttlSeconds)} need no store.`,
    measured: true,
  };
}

/**
 * What a hybrid browser holds: both cookies. This browser's own when it is in hybrid mode (the token
 * only once a JSON read has issued it); otherwise a pair made just now with the person's claims.
 */
export function hybridBrowserCell(options: {
  live: boolean;
  sessionCookie?: SessionCookieInspection;
  token: HybridTokenInspection | null;
  sample: HybridSample;
  signedIn: boolean;
  ttlSeconds: number;
}): Cell {
  const { sessionCookie, token, sample, ttlSeconds } = options;
  if (options.live && sessionCookie) {
    if (token) {
      return {
        headline: `${sessionCookie.headerBytes + 2 + token.headerBytes} bytes: session cookie ${sessionCookie.headerBytes} + token ${token.headerBytes}`,
        detail: `This browser's real ${sessionCookie.name} cookie (an opaque token, starting ${sessionCookie.preview}) and its ${token.name} cookie (a JWE, starting ${token.preview})${token.expires ? `, which answers reads until ${token.expires.toISOString()}` : ""}.`,
        measured: true,
      };
    }
    return {
      headline: `${sessionCookie.headerBytes} bytes: session cookie ${sessionCookie.headerBytes}, no token yet`,
      detail: `This browser's real ${sessionCookie.name} cookie. Pages cannot set cookies: the next JSON read (/api/me, which an open page calls every ${formatDuration(ttlSeconds)}) issues the token, about ${sample.tokenCookieBytes} bytes (one made just now).`,
      measured: true,
    };
  }
  return {
    headline: `${sample.cookieHeaderBytes} bytes: session cookie ${sample.sessionCookieBytes} + token ${sample.tokenCookieBytes}`,
    detail: options.signedIn
      ? "What your two cookies would weigh in this mode, made just now with your claims."
      : "What the two cookies would weigh in this mode (sign in to see your own).",
    measured: true,
  };
}

/** A hybrid read's work: this read's, when this browser is in hybrid mode; otherwise opening a token, measured now. */
export function hybridWorkCell(current: CurrentSession, sample: HybridSample, ttlSeconds: number): Cell {
  const lifetime = formatDuration(ttlSeconds);
  if (current.mode === "hybrid") {
    const { trace } = current;
    const path = trace.path === "lean" ? "the lean read path" : "Auth.js's read path";
    const what =
      trace.dbQueries === 0
        ? "a valid token answered it: no store read"
        : `no valid token came with it (missing or expired), so it looked the session up once${trace.path === "authjs" ? " through Auth.js's auth()" : ""}; a page cannot set cookies, so the next /api/me read re-issues the token`;
    return {
      headline: `${formatMicroseconds(trace.authMs * 1000)} · ${queries(trace.dbQueries)}`,
      detail: `This request's whole session read, on ${path}: ${what}. Where the time went: below.`,
      measured: true,
    };
  }
  return {
    headline: `${formatMicroseconds(sample.verifyUs)} · 0 queries on a token hit`,
    detail: `Not your mode: opening a hybrid token, measured just now in-process. A read without a valid token makes 1 store lookup and re-issues the token; its cookie expires with the token (${lifetime}), so a browser that reads all the time looks the session up about once per ${formatDuration(ttlSeconds)}.`,
    measured: true,
  };
}

/** During a store outage a hybrid browser reads on with its token, for up to its lifetime; a refresh answers 503. */
export function hybridOutageCell(store: SessionStoreStats, ttlSeconds: number): Cell {
  return {
    headline: `Reads go on for up to ${formatDuration(ttlSeconds)}`,
    detail: `${store.reachable ? "The store is up now. " : "The store is down now. "}A read with a valid token needs no store; one that must refresh the token answers 503 "store unavailable", never "signed out".`,
    measured: false,
  };
}

/** The token's lifetime and how it is renewed; this browser's token's end when it has one. */
export function hybridExpiryCell(ttlSeconds: number, token: HybridTokenInspection | null, sessionSentence: string): Cell {
  const lifetime = formatDuration(ttlSeconds);
  return {
    headline: `token ${lifetime}, renewed from the session once per ${lifetime}`,
    detail: `${token?.expires ? `This browser's token expires ${token.expires.toISOString()}. ` : ""}Pages cannot set cookies, so an open page renews the token once per ${lifetime} through /api/me. ${sessionSentence}`,
    measured: token?.expires !== undefined,
  };
}
