import { encode, decode } from "next-auth/jwt";
import { prisma } from "@/lib/db/client";
import { defined } from "@/lib/defined";
import { seededToken } from "@/bench/load/sessions-table";
import { round, summarize } from "@/bench/load/stats";
import type { Env } from "@/lib/env";
import { sealSessionToken } from "@/lib/auth/tokens/seal";
import { openSessionToken } from "@/lib/auth/tokens/open";
import { sessionKeyRing } from "@/lib/auth/tokens/keys";
import { sessionStoreFor } from "@/lib/auth/stores";
import { accessTokenVerifier } from "@/api/access-token";
import { readSession } from "@/lib/auth/authjs/read";

const WARM_UP = 1000;

/** Whether a call's result must be awaited: Prisma's queries are lazy thenables, not Promises, and run only when awaited. */
const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === "object" && value !== null && "then" in value && typeof value.then === "function";

/** p50 and p95 of `operation` after a warm-up, in µs; a synchronous operation is not awaited, so no microtask is timed with it. */
async function timeMicroseconds(iterations: number, operation: (index: number) => unknown) {
  const samples: number[] = [];
  for (let index = 0; index < WARM_UP + iterations; index += 1) {
    const started = process.hrtime.bigint();
    const result = operation(index);
    if (isThenable(result)) await result;
    if (index >= WARM_UP) samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  const summary = summarize(samples);
  return { p50Us: round(summary.p50, 1), p95Us: round(summary.p95, 1), iterations };
}

/** Decrypting a session JWE, as Auth.js does on every jwt-mode read. */
export function measureJwtDecrypt(secret: string, iterations: number) {
  const salt = "authjs.session-token";
  const tokenPromise = encode({
    token: { sub: "c000000000000000000000000", name: "Bench", email: "bench@example.com" },
    secret,
    salt,
  });
  return tokenPromise.then((token) => timeMicroseconds(iterations, () => decode({ token, secret, salt })));
}

/** The database-mode read: one indexed lookup of a Session row joined to its user, as the adapter does. */
export function measureSessionLookup(storedTokens: readonly string[], iterations: number) {
  return timeMicroseconds(iterations, (index) =>
    prisma().session.findUnique({
      where: { sessionToken: defined(storedTokens[index % storedTokens.length], "a stored token to look up") },
      include: { user: true },
    }),
  );
}

/** The lean path's decrypt alone: an A256GCM session token opened with a key derived once, claims checked. */
export function measureLeanDecrypt(env: Env, cookieName: string, iterations: number) {
  const ring = sessionKeyRing(env.authSecrets, cookieName);
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: "c000000000000000000000000",
    name: "Bench",
    email: "bench@example.com",
    sid: "c000000000000000000000001",
    authTime: now,
    renewedAt: now,
  };
  const token = sealSessionToken(claims, ring, now + 3600);
  return timeMicroseconds(iterations, () => {
    if (!openSessionToken(token, ring)) throw new Error("The bench's own token did not open");
  });
}

/** The lean path's lookup alone in PostgreSQL: the prepared statement (Session joined to User by the token's hash), one round trip each. */
export function measureLeanLookup(storedHashes: readonly string[], iterations: number) {
  const store = sessionStoreFor("postgres");
  return timeMicroseconds(iterations, (index) =>
    store.findByHash(defined(storedHashes[index % storedHashes.length], "a stored token hash to look up")),
  );
}

/** Stored tokens of random seeded rows among the first `rows`. */
export function randomSeededTokens(rows: number, count: number): string[] {
  return Array.from({ length: count }, () => seededToken(1 + Math.floor(Math.random() * rows)));
}

/** The API's own check of one access token (api/access-token.ts): signature with the cached JWKS, then every claim. */
export async function measureAccessTokenVerify(options: { issuer: string; audience: string; token: string }, iterations: number) {
  const verify = accessTokenVerifier({
    issuer: options.issuer,
    audience: options.audience,
    jwksUrl: new URL(`${options.issuer}/jwks`),
    clockToleranceSeconds: 5,
  });
  // The first call fetches the keys; the rest are what the API does per request.
  const first = await verify(options.token);
  if (!first.ok) throw new Error(`The API's verifier refused the bench's access token: ${first.description}`);
  return timeMicroseconds(iterations, () => verify(options.token));
}

/**
 * A whole lean read of a signed-in cookie's session, in this process, as the site reads it: the time the
 * read's trace records (as `readStages` does), p50 and p95 after a warm-up. Each read must come back signed in.
 */
export async function measureWholeLeanRead(cookie: string, iterations: number) {
  const headers = new Headers({ cookie });
  const samples: number[] = [];
  for (let index = 0; index < WARM_UP + iterations; index += 1) {
    const current = await readSession(headers, "lean");
    if (current.status !== "signed-in") throw new Error(`The bench's own ${current.mode} session did not read as signed in`);
    if (index >= WARM_UP) samples.push(current.trace.authMs * 1000);
  }
  const summary = summarize(samples);
  return { p50Us: round(summary.p50, 1), p95Us: round(summary.p95, 1), iterations };
}
