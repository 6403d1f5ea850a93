import "server-only";
import { z } from "zod";
import { sessionStoreNameSchema } from "@/lib/auth/stores/store-names";
import { sessionKeyRing } from "@/lib/auth/read/session-key-ring";
import { openSessionTokenExplained } from "@/lib/auth/read/open-session-token";
import { sealSessionToken } from "@/lib/auth/issue/seal-session-token";

// Its own HKDF salt, so its own keys and key ids: a jwt-mode token never opens as a hybrid one, nor the reverse.
const HYBRID_TOKEN_SALT = "Session vs Token Lab hybrid token";

/** What a hybrid token carries: the session DTO's claims, the session it fronts, and where that session lives. */
export const hybridClaimsSchema = z.object({
  use: z.literal("hybrid"),
  sub: z.string().min(1),
  /** The id of the session this token fronts. */
  sid: z.string().min(1),
  store: sessionStoreNameSchema,
  /** The start of the SHA-256 of the session cookie it was issued beside: a token read beside any other session cookie is ignored. */
  sch: z.string().min(16),
  /** When the session it fronts expires (ms), as of the token's issue: the credential's expiry. */
  sexp: z.number(),
  /** When the session ends for the person (ms): its expiry, or its sign-in's 30-day end if sooner; the DTO's expiry. */
  send: z.number(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  picture: z.string().nullable(),
  iat: z.number(),
  exp: z.number(),
});
export type HybridClaims = z.infer<typeof hybridClaimsSchema>;

export type NewHybridClaims = Omit<HybridClaims, "use" | "iat" | "exp">;

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
