import "server-only";
import type { Env } from "@/lib/env";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import type { SessionStore } from "@/lib/auth/stores";
import { databaseSessionEndsAt, grantEndsAt, LAST_ACTIVE_RESOLUTION_SECONDS, sessionLifetime } from "@/lib/auth/session-lifetime";
import { toSessionDto } from "@/lib/auth/read/session-dto";
import { timeStage } from "@/lib/auth/session/trace";
import { readStoreCall } from "@/lib/auth/session/read-context";
import type { LeanReadAnswer } from "@/lib/auth/read/lean-read-answer";
import type { SessionCookieRead } from "@/lib/auth/cookies";
import { clearedSessionCookies, sessionSetCookies } from "@/lib/auth/cookies";

/**
 * A database-mode read without Auth.js: one round trip to the session's store (in PostgreSQL one prepared
 * statement, Session joined to User by the token's hash), then the rules Auth.js and the lab's adapter
 * apply, in the same order: a grant past its cap is deleted, "last active" is refreshed at most every few
 * minutes, and the expiry slides only once `updateAge` has passed. The cookie is re-issued only when the
 * expiry moved.
 */
export async function readDatabaseSessionLean(cookie: SessionCookieRead, store: SessionStore, env: Env): Promise<LeanReadAnswer> {
  const { cookies, name, value } = cookie;
  const signedOut = (): LeanReadAnswer => ({
    status: "signed-out",
    sessionSetCookies: clearedSessionCookies(cookies, name, env.secureCookies),
  });
  const tokenHash = timeStage("query", () => hashSessionToken(value));
  const found = await readStoreCall(() => store.findByHash(tokenHash));
  if (!found) return signedOut();
  const now = Date.now();
  if (grantEndsAt(found.authenticatedAt).getTime() <= now) {
    await readStoreCall(() => store.deleteByHash(tokenHash));
    return signedOut();
  }
  const lifetime = sessionLifetime("database", env.AUTH_JWT_MAX_AGE);
  const extensionDue = found.expires.getTime() - (lifetime.maxAgeSeconds - lifetime.updateAgeSeconds) * 1000 <= now;
  const activityDue = !found.lastActiveAt || now - found.lastActiveAt.getTime() > LAST_ACTIVE_RESOLUTION_SECONDS * 1000;
  const newExpires = extensionDue ? new Date(now + lifetime.maxAgeSeconds * 1000) : undefined;
  if (extensionDue || activityDue) {
    const touch = { lastActiveAt: activityDue ? new Date(now) : undefined, expires: newExpires };
    await readStoreCall(() => store.touch(tokenHash, touch));
  }
  // Auth.js answers with the expiry as read, capped by the grant, as the session callback does.
  const session = timeStage("mapping", () =>
    toSessionDto(found.user, databaseSessionEndsAt(found.expires, found.authenticatedAt)),
  );
  const setCookies = newExpires
    ? timeStage("reissue", () => sessionSetCookies(cookies, name, value, { secure: env.secureCookies, expires: newExpires }))
    : [];
  return {
    status: "signed-in",
    session,
    credential: { kind: "session", sessionRowId: found.id, expires: found.expires },
    sessionSetCookies: setCookies,
    hybridTokenIssued: false,
  };
}
