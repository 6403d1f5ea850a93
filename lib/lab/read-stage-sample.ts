import "server-only";
import { prisma } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { modeCookieName, sessionCookieName, hybridTokenCookieName } from "@/lib/auth/cookies";
import {
  SESSION_MODES,
  type SessionMode,
  DEFAULT_SESSION_STORE,
  SESSION_READ_PATHS,
  type SessionReadPath,
} from "@/lib/auth/mode";
import { readSession } from "@/lib/auth/authjs/read";
import type { ReadTrace } from "@/lib/auth/session/trace";
import { newSessionToken, hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import { hybridClaimsFor, sealHybridToken, sessionBinding } from "@/lib/auth/tokens/hybrid-token";
import { sealSessionToken } from "@/lib/auth/tokens/seal";
import { sessionKeyRing } from "@/lib/auth/tokens/keys";
import { grantEndsAt, SESSION_MAX_AGE_SECONDS, renewalIntervalSeconds } from "@/lib/auth/session-lifetime";
import { sharedMeasurements } from "@/lib/lab/shared-measurement";

/** The account whose sessions the lab reads to show where a read's time goes: no password, an address no mail can reach. */
const SAMPLE_READER_EMAIL = "sample-reader@lab.invalid";

type SampleAccount = {
  userId: string;
  databaseToken: string;
  sessionRowId: string;
  sessionExpires: Date;
  grantId: string;
  authTime: number;
};
let sampleAccount: Promise<SampleAccount> | undefined;

/** The sample account with a fresh Session row and token grant, made once per process (the previous process's are replaced). */
async function createSampleAccount(): Promise<SampleAccount> {
  await prisma().user.deleteMany({ where: { email: SAMPLE_READER_EMAIL } });
  const user = await prisma().user.create({ data: { email: SAMPLE_READER_EMAIL, name: "Sample reader" } });
  const now = new Date();
  const databaseToken = newSessionToken();
  const session = await prisma().session.create({
    data: {
      sessionToken: hashSessionToken(databaseToken),
      userId: user.id,
      expires: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000),
      authenticatedAt: now,
      lastActiveAt: now,
    },
  });
  const grant = await prisma().issuedToken.create({ data: { userId: user.id, expiresAt: grantEndsAt(now) } });
  return {
    userId: user.id,
    databaseToken,
    sessionRowId: session.id,
    sessionExpires: session.expires,
    grantId: grant.id,
    authTime: Math.floor(now.getTime() / 1000),
  };
}

function sampleAccountOnce(): Promise<SampleAccount> {
  sampleAccount ??= createSampleAccount().catch((error: unknown) => {
    // Try again on the next page view, not never.
    sampleAccount = undefined;
    throw error;
  });
  return sampleAccount;
}

/** A token for the sample account as a browser that renewed it moments ago would hold: an everyday read, not a renewal. */
function freshSampleToken(account: SampleAccount, env: Env, cookieName: string): string {
  const now = Math.floor(Date.now() / 1000);
  const renewedAt = now - Math.min(10, Math.floor(renewalIntervalSeconds(env.AUTH_JWT_MAX_AGE) / 2));
  const claims = {
    sub: account.userId,
    name: "Sample reader",
    email: SAMPLE_READER_EMAIL,
    picture: null,
    sid: account.grantId,
    authTime: account.authTime,
    renewedAt,
  };
  return sealSessionToken(claims, sessionKeyRing(env.authSecrets, cookieName), renewedAt + env.AUTH_JWT_MAX_AGE);
}

/** A hybrid token for the sample account's session, issued just now: the everyday read that touches no store. */
function freshHybridToken(account: SampleAccount, env: Env): string {
  return sealHybridToken(
    hybridClaimsFor({
      user: { id: account.userId, name: "Sample reader", email: SAMPLE_READER_EMAIL, image: null },
      sessionRowId: account.sessionRowId,
      store: DEFAULT_SESSION_STORE,
      boundTo: sessionBinding(account.databaseToken),
      sessionExpires: account.sessionExpires,
      sessionEndsAt: account.sessionExpires,
    }),
    env.authSecrets,
    env.AUTH_HYBRID_TOKEN_TTL,
  );
}

export type SampledRead = { mode: SessionMode; path: SessionReadPath; traces: ReadTrace[] };

/** Each mode on each path, except the hybrid through Auth.js: a token hit there is the same check, made before auth(). */
const SAMPLED = SESSION_MODES.flatMap((mode) =>
  SESSION_READ_PATHS.filter((path) => mode !== "hybrid" || path === "lean").map((path) => ({ mode, path })),
);

/**
 * Reads the sample account's session `rounds` times in each mode on each path, in this process, the
 * rounds interleaved so that no combination gets the warm or the cold end. Each trace is one real read.
 */
export async function sampleSessionReads(env: Env, rounds: number): Promise<SampledRead[]> {
  const account = await sampleAccountOnce();
  const cookieName = sessionCookieName(env.secureCookies);
  const combinations = SAMPLED.map(({ mode, path }) => ({ mode, path, traces: [] as ReadTrace[] }));
  const tokenName = hybridTokenCookieName(env.secureCookies);
  for (let round = 0; round < rounds; round += 1) {
    for (const combination of combinations) {
      const value = combination.mode === "jwt" ? freshSampleToken(account, env, cookieName) : account.databaseToken;
      const hybridToken = combination.mode === "hybrid" ? `; ${tokenName}=${freshHybridToken(account, env)}` : "";
      const headers = new Headers({
        cookie: `${modeCookieName(env.secureCookies)}=${combination.mode}; ${cookieName}=${value}${hybridToken}`,
      });
      const read = await readSession(headers, combination.path, env);
      if (read.status !== "signed-in")
        throw new Error(`The sample account's ${combination.mode} session did not read as signed in`);
      combination.traces.push(read.trace);
    }
  }
  return combinations;
}

const samplesForSignedOutViews = sharedMeasurements<SampledRead[]>();

/** Live samples for a signed-in person; for anyone else, one set a minute shared by every view (dozens of reads each). */
export function sampleSessionReadsFor(signedIn: boolean, env: Env, rounds: number): Promise<SampledRead[]> {
  return signedIn
    ? sampleSessionReads(env, rounds)
    : samplesForSignedOutViews(String(rounds), () => sampleSessionReads(env, rounds));
}
