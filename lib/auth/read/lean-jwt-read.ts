import "server-only";
import type { JWT } from "next-auth/jwt";
import type { Env } from "@/lib/env";
import { toSessionDto } from "@/lib/auth/read/session-dto";
import type { SessionCredential } from "@/lib/auth/read/session-read-result";
import { openSessionTokenExplained } from "@/lib/auth/tokens/open";
import { logUnreadableSessionToken } from "@/lib/auth/read/unreadable-token-log";
import { sessionKeyRing } from "@/lib/auth/tokens/keys";
import { admitJwtRead } from "@/lib/auth/read/jwt-renewal";
import { isJwtRevocationCheckOn } from "@/lib/auth/read/revocation-check";
import { sealSessionToken } from "@/lib/auth/tokens/seal";
import { timeStage } from "@/lib/auth/session/trace";
import type { LeanReadAnswer } from "@/lib/auth/read/lean-read-answer";
import type { SessionCookieRead } from "@/lib/auth/cookies";
import { clearedSessionCookies, sessionSetCookies } from "@/lib/auth/cookies";

/**
 * A jwt-mode read without Auth.js: the keys come from a ring derived once, the token is opened with
 * node:crypto under jose's checks, the grant and renewal rules are the ones Auth.js's callback runs,
 * and the cookie is re-issued (as A256GCM) only when the token was renewed.
 */
export async function readJwtSessionLean(cookie: SessionCookieRead, env: Env): Promise<LeanReadAnswer> {
  const { cookies, name, value } = cookie;
  const ring = timeStage("keys", () => sessionKeyRing(env.authSecrets, name));
  const opened = timeStage("decrypt", () => openSessionTokenExplained(value, ring));
  // An expired token is the normal end of an idle one; anything else is logged as Auth.js logs it.
  if ("failure" in opened && opened.failure === "invalid") logUnreadableSessionToken();
  const claims: JWT | null = "claims" in opened ? opened.claims : null;
  const admitted =
    claims && typeof claims.sub === "string" && claims.sub !== ""
      ? await timeStage("callbacks", () =>
          admitJwtRead(claims, { maxAgeSeconds: env.AUTH_JWT_MAX_AGE, checkEveryRead: isJwtRevocationCheckOn(env) }),
        )
      : null;
  if (!admitted?.sub) return { status: "signed-out", sessionSetCookies: clearedSessionCookies(cookies, name, env.secureCookies) };
  // Auth.js's session callback answers with the token's own expiry.
  const expires = new Date((typeof admitted.exp === "number" ? admitted.exp : Date.now() / 1000 + env.AUTH_JWT_MAX_AGE) * 1000);
  const session = toSessionDto(
    { id: admitted.sub, name: admitted.name, email: admitted.email, image: admitted.picture },
    expires,
  );
  const sid = admitted.sid;
  const credential: SessionCredential = { kind: "token", tokenSid: typeof sid === "string" ? sid : undefined, claims: admitted };
  // admitJwtRead answers with the same token unless it renewed it.
  const setCookies =
    admitted === claims
      ? []
      : timeStage("reissue", () =>
          sessionSetCookies(cookies, name, sealSessionToken(admitted, ring, Math.floor(expires.getTime() / 1000)), {
            secure: env.secureCookies,
            expires,
          }),
        );
  return { status: "signed-in", session, credential, sessionSetCookies: setCookies, hybridTokenIssued: false };
}
