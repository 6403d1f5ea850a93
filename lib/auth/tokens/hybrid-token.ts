import "server-only";
import { z } from "zod";
import { sessionStoreNameSchema, type SessionStoreName } from "@/lib/auth/mode";
import { sessionKeyRing } from "@/lib/auth/tokens/keys";
import { openSessionTokenExplained } from "@/lib/auth/tokens/open";
import { sealSessionToken } from "@/lib/auth/tokens/seal";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";

// Its own HKDF salt, so its own keys and key ids: a jwt-mode token never opens as a hybrid one, nor the reverse.
const HYBRID_TOKEN_SALT = "Session vs Token Lab hybrid token";

/**
 * A hybrid token's claims as they travel. The names are short because they ride in a cookie on every
 * request; code reads and writes them only through `hybridClaimsFor` and `hybridSessionOf`:
 * - `sid`: the id of the session this token fronts, in `store`;
 * - `sch` (session cookie hash): the start of the SHA-256 of the session cookie it was issued beside, so a
 *   token read beside any other session cookie is ignored;
 * - `sexp` (session expiry, ms): when that session expires, as of the token's issue: the credential's expiry;
 * - `send` (session end, ms): when the session ends for the person (its expiry, or its sign-in's 30-day end if
 *   sooner): the DTO's expiry;
 * - `sub`, `name`, `email`, `picture`: the session DTO's user, as Auth.js names them in a JWT.
 */
const hybridClaimsSchema = z.object({
  use: z.literal("hybrid"),
  sub: z.string().min(1),
  sid: z.string().min(1),
  store: sessionStoreNameSchema,
  sch: z.string().min(16),
  sexp: z.number(),
  send: z.number(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  picture: z.string().nullable(),
  iat: z.number(),
  exp: z.number(),
});
type HybridClaims = z.infer<typeof hybridClaimsSchema>;

export type NewHybridClaims = Omit<HybridClaims, "use" | "iat" | "exp">;

/** What a hybrid token says about the session it fronts, in the names the code uses. */
export type HybridTokenSession = {
  user: { id: string; name: string | null; email: string | null; image: string | null };
  sessionRowId: string;
  store: SessionStoreName;
  /** The session cookie it is bound to (`sessionBinding` of that cookie's token). */
  boundTo: string;
  sessionExpires: Date;
  sessionEndsAt: Date;
};

/** The claims a hybrid token carries for a session: the one place they are built. */
export function hybridClaimsFor(session: HybridTokenSession): NewHybridClaims {
  return {
    sub: session.user.id,
    sid: session.sessionRowId,
    store: session.store,
    name: session.user.name,
    email: session.user.email,
    picture: session.user.image,
    sch: session.boundTo,
    sexp: session.sessionExpires.getTime(),
    send: session.sessionEndsAt.getTime(),
  };
}

/** A hybrid token's claims, read back: the one place they are read. */
export function hybridSessionOf(claims: NewHybridClaims): HybridTokenSession {
  return {
    user: { id: claims.sub, name: claims.name, email: claims.email, image: claims.picture },
    sessionRowId: claims.sid,
    store: claims.store,
    boundTo: claims.sch,
    sessionExpires: new Date(claims.sexp),
    sessionEndsAt: new Date(claims.send),
  };
}

// 20 base64url characters of the session cookie's SHA-256 (120 bits): enough to tell one session cookie from another.
const BINDING_LENGTH = 20;

/** The start of a session cookie's SHA-256: what a hybrid token is bound to. */
export function sessionBinding(sessionToken: string): string {
  return Buffer.from(hashSessionToken(sessionToken), "hex").toString("base64url").slice(0, BINDING_LENGTH);
}

/** Seals a hybrid token that expires `ttlSeconds` from now (A256GCM, the first secret's key). */
export function sealHybridToken(
  claims: NewHybridClaims,
  secrets: readonly string[],
  ttlSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  const ring = sessionKeyRing(secrets, HYBRID_TOKEN_SALT);
  return sealSessionToken({ ...claims, use: "hybrid" }, ring, nowSeconds + ttlSeconds, nowSeconds);
}

/**
 * How long past its expiry a hybrid token is still accepted: room for the clocks of the instances that
 * issue and read it to differ. Smaller than a jwt-mode token's 15 s (Auth.js's), since it bounds revocation.
 */
export const HYBRID_CLOCK_TOLERANCE_SECONDS = 5;

export type OpenedHybridToken = { claims: HybridClaims } | { failure: "expired" | "invalid" };

/** Opens a hybrid token with any of the secrets: its claims, or why not (expired is the token's normal end). */
export function openHybridToken(token: string, secrets: readonly string[], nowSeconds = Date.now() / 1000): OpenedHybridToken {
  const opened = openSessionTokenExplained(token, sessionKeyRing(secrets, HYBRID_TOKEN_SALT), nowSeconds, {
    clockToleranceSeconds: HYBRID_CLOCK_TOLERANCE_SECONDS,
  });
  if ("failure" in opened) return opened;
  const claims = hybridClaimsSchema.safeParse(opened.claims);
  return claims.success ? { claims: claims.data } : { failure: "invalid" };
}
