import "server-only";
import type { Env } from "@/lib/env";
import { hashSessionToken } from "@/lib/auth/issue/token-hash";
import type { SessionStore } from "@/lib/auth/stores";
import { toSessionDto } from "@/lib/auth/read/session-dto";
import { timeStage } from "@/lib/auth/read/session-read-trace";
import type { LeanReadAnswer, SessionCookieRead } from "@/lib/auth/read/lean-read-answer";
import { clearedSessionCookies, sessionSetCookies } from "@/lib/auth/read/session-cookie-value";
import { readDatabaseSessionLean } from "@/lib/auth/read/lean-database-read";
import { hybridTokenCookieName, openHybridToken, sealHybridToken } from "@/lib/auth/hybrid/hybrid-token";

/** A hybrid read's answer: a lean read's, the Set-Cookie values for the hybrid token, and whether the store was read. */
export type HybridReadAnswer = LeanReadAnswer & { hybridSetCookies: string[]; storeRead: boolean };

// 20 base64url characters of the session cookie's SHA-256 (120 bits): enough to tell one session cookie from another.
const BINDING_LENGTH = 20;

function sessionBinding(sessionToken: string): string {
  return Buffer.from(hashSessionToken(sessionToken), "hex").toString("base64url").slice(0, BINDING_LENGTH);
}

/**
 * A hybrid-mode read: a valid, unexpired hybrid token beside the session cookie it was issued with answers
 * without touching the store. Otherwise (missing, expired, tampered, another key, another store, another
 * session cookie) the session is looked up once, as database mode reads it, and a fresh token is issued;
 * if the session is gone, the person is signed out and both cookies are cleared. Revoking a session
 * therefore signs its device out at its next refresh: within the token's lifetime.
 */
export async function readHybridSessionLean(cookie: SessionCookieRead, store: SessionStore, env: Env): Promise<HybridReadAnswer> {
  const { cookies, value } = cookie;
  const tokenName = hybridTokenCookieName(env.secureCookies);
  const tokenValue = cookies.get(tokenName) ?? "";
  const binding = timeStage("keys", () => sessionBinding(value));
  if (tokenValue !== "") {
    const opened = timeStage("decrypt", () => openHybridToken(tokenValue, env.authSecrets));
    if ("claims" in opened && opened.claims.store === store.name && opened.claims.sch === binding) {
      const { claims } = opened;
      return {
        status: "signed-in",
        session: toSessionDto(
          { id: claims.sub, name: claims.name, email: claims.email, image: claims.picture },
          new Date(claims.send),
        ),
        credential: { kind: "session", sessionRowId: claims.sid, expires: new Date(claims.sexp) },
        sessionSetCookies: [],
        hybridSetCookies: [],
        storeRead: false,
      };
    }
  }
  const answer = await readDatabaseSessionLean(cookie, store, env);
  if (answer.status !== "signed-in" || answer.credential.kind !== "session") {
    return {
      status: "signed-out",
      sessionSetCookies: answer.sessionSetCookies,
      hybridSetCookies: clearedSessionCookies(cookies, tokenName, env.secureCookies),
      storeRead: true,
    };
  }
  const { session, credential } = answer;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const token = timeStage("reissue", () =>
    sealHybridToken(
      {
        sub: session.user.id,
        sid: credential.sessionRowId,
        store: store.name,
        name: session.user.name,
        email: session.user.email,
        picture: session.user.image,
        sch: binding,
        sexp: credential.expires.getTime(),
        send: new Date(session.expires).getTime(),
      },
      env.authSecrets,
      env.AUTH_HYBRID_TOKEN_TTL,
      nowSeconds,
    ),
  );
  const expires = new Date((nowSeconds + env.AUTH_HYBRID_TOKEN_TTL) * 1000);
  return {
    ...answer,
    hybridSetCookies: sessionSetCookies(cookies, tokenName, token, { secure: env.secureCookies, expires }),
    storeRead: true,
  };
}
