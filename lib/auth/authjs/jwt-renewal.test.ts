import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { revokeIssuedToken } from "@/lib/auth/stores/grants";
import { registerIssuedToken } from "@/lib/auth/session/issue";
import { RENEWAL_INTERVAL_SECONDS, renewalIntervalSeconds, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { Auth } from "@auth/core";
import { decode, encode, type JWT } from "next-auth/jwt";
import type { Env } from "@/lib/env-schema";
import { envWith } from "@/lib/testing/env-with";
import { setupOfMode } from "@/lib/auth/mode";
import { sessionCookieName } from "@/lib/auth/cookies";
import { buildAuthConfig } from "@/lib/auth/authjs/config";

/** A jwt-mode cookie value, sealed with `secret` as Auth.js does, expiring `maxAge` seconds from now. */
function sealTestToken(token: JWT, secret: string, maxAge: number, secure = false): Promise<string> {
  return encode({ token, secret, salt: sessionCookieName(secure), maxAge });
}

/** Opens a jwt-mode cookie value with these secrets, or null when none of them opens it. */
function openTestToken(value: string, secrets: string | string[], secure = false): Promise<JWT | null> {
  return decode({ token: value, secret: secrets, salt: sessionCookieName(secure) }).catch(() => null);
}

/**
 * One `GET /api/auth/session` through Auth.js itself, configured exactly as the app configures it for
 * jwt mode under `env`: what it answers, and the session cookie it sets.
 */
async function readJwtSession(env: Env, cookieValue: string) {
  const origin = env.AUTH_URL ?? "http://localhost:3000";
  const name = sessionCookieName(env.secureCookies);
  const response = await Auth(new Request(`${origin}/api/auth/session`, { headers: { cookie: `${name}=${cookieValue}` } }), {
    ...buildAuthConfig(setupOfMode("jwt"), env),
    basePath: "/api/auth",
    trustHost: true,
  });
  const setCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  const reissued = setCookie?.slice(name.length + 1).split(";")[0] ?? "";
  const body: unknown = await response.json();
  return { body, setCookie, reissued };
}

const MAX_AGE = 3600;
const checkOff = envWith({ AUTH_JWT_REVOCATION_CHECK: "off", AUTH_JWT_MAX_AGE: String(MAX_AGE) });
const checkOn = envWith({ AUTH_JWT_REVOCATION_CHECK: "on", AUTH_JWT_MAX_AGE: String(MAX_AGE) });
const secret = checkOff.authSecrets[0];
const nowSeconds = () => Math.floor(Date.now() / 1000);

let userId: string;
let email: string;

beforeEach(async () => {
  email = `renewal-${randomUUID()}@example.com`;
  userId = (await prisma().user.create({ data: { email, name: "Renewer" } })).id;
});

/** A token as the app issues it: last renewed `renewedAgo` seconds ago, so it expires AUTH_JWT_MAX_AGE after that. */
async function tokenRenewed(renewedAgo: number, { signedInAgo = renewedAgo, revoked = false } = {}) {
  const authTime = nowSeconds() - signedInAgo;
  const sid = await registerIssuedToken(userId, new Date(authTime * 1000));
  if (revoked) await revokeIssuedToken(sid);
  const renewedAt = nowSeconds() - renewedAgo;
  const claims = { sub: userId, email, name: "Renewer", sid, authTime, renewedAt };
  return { renewedAt, value: await sealTestToken(claims, secret, renewedAt + MAX_AGE - nowSeconds()) };
}

describe("a jwt-mode session read, through Auth.js", () => {
  it("renews only after the renewal age, which agrees with the page's background renewal", () => {
    expect(renewalIntervalSeconds(MAX_AGE)).toBe(RENEWAL_INTERVAL_SECONDS);
    expect(renewalIntervalSeconds(60)).toBe(20);
  });

  it("keeps a fresh token's expiry: re-encrypting it does not push it back", async () => {
    const { renewedAt, value } = await tokenRenewed(60);
    const read = await readJwtSession(checkOff, value);
    expect(read.body).toMatchObject({ user: { id: userId, email } });
    const reissued = await openTestToken(read.reissued, secret);
    expect(reissued?.renewedAt).toBe(renewedAt);
    expect(Math.abs((reissued?.exp ?? 0) - (renewedAt + MAX_AGE))).toBeLessThanOrEqual(1);
    expect(reissued?.exp).toBeLessThan(nowSeconds() + MAX_AGE - 30);
  });

  it("renews a token older than the renewal age once its grant is found live", async () => {
    const { value } = await tokenRenewed(RENEWAL_INTERVAL_SECONDS + 1);
    const before = nowSeconds();
    const read = await readJwtSession(checkOff, value);
    expect(read.body).toMatchObject({ user: { id: userId } });
    const reissued = await openTestToken(read.reissued, secret);
    expect(reissued?.renewedAt).toBeGreaterThanOrEqual(before);
    expect(reissued?.exp).toBeGreaterThanOrEqual(before + MAX_AGE);
  });

  it("never renews a revoked token, even with the check off: the renewal signs it out", async () => {
    const { value } = await tokenRenewed(RENEWAL_INTERVAL_SECONDS + 1, { revoked: true });
    const read = await readJwtSession(checkOff, value);
    expect(read.body).toBeNull();
    expect(read.reissued).toBe("");
    expect(read.setCookie).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
  });

  it("with the check off, a revoked token between renewals still reads, with its expiry unchanged", async () => {
    const { renewedAt, value } = await tokenRenewed(60, { revoked: true });
    const read = await readJwtSession(checkOff, value);
    expect(read.body).toMatchObject({ user: { id: userId } });
    expect(Math.abs(((await openTestToken(read.reissued, secret))?.exp ?? 0) - (renewedAt + MAX_AGE))).toBeLessThanOrEqual(1);
  });

  it("with the check on, a revoked token is refused on its next read", async () => {
    const { value } = await tokenRenewed(60, { revoked: true });
    expect((await readJwtSession(checkOn, value)).body).toBeNull();
  });

  it("refuses a token whose sign-in is older than the grant, however recently it was renewed", async () => {
    const { value } = await tokenRenewed(60, { signedInAgo: SESSION_MAX_AGE_SECONDS + 1 });
    expect((await readJwtSession(checkOff, value)).body).toBeNull();
  });

  it("renews a token near its grant's end only up to that end", async () => {
    const { value } = await tokenRenewed(RENEWAL_INTERVAL_SECONDS + 1, { signedInAgo: SESSION_MAX_AGE_SECONDS - 600 });
    const read = await readJwtSession(checkOff, value);
    const reissued = await openTestToken(read.reissued, secret);
    expect(Math.abs((reissued?.exp ?? 0) - ((reissued?.authTime ?? 0) + SESSION_MAX_AGE_SECONDS))).toBeLessThanOrEqual(1);
  });
});
