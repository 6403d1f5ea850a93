import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { decode } from "next-auth/jwt";
import { prisma } from "@/lib/db/client";
import { databaseSessionBridge } from "@/lib/auth/authjs/session-encoders";
import { MODE_COOKIE_NAME, sessionCookieName, readSessionCookie } from "@/lib/auth/cookies";
import { setupOfMode } from "@/lib/auth/mode";
import { sessionStoreFor } from "@/lib/auth/stores";
import { switchSessionMode, type SwitchRequest } from "@/lib/auth/switch-mode";
import type { SessionCredential } from "@/lib/auth/session/types";
import { toSessionDto, type SessionDto } from "@/lib/auth/session/types";
import { inMemoryCookieJar } from "@/lib/testing/in-memory-cookie-jar";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import { isIssuedTokenLive, revokeIssuedToken } from "@/lib/auth/stores/grants";
import { issueDatabaseSession, registerIssuedToken } from "@/lib/auth/session/issue";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";

const secret = "switch-test-secret-long-enough-for-auth-js-0000";
const cookieName = sessionCookieName(false);
const DATABASE = setupOfMode("database");
const JWT = setupOfMode("jwt");
let session: SessionDto;

type SwitchOverrides = Partial<SwitchRequest> &
  Pick<SwitchRequest, "jar" | "current" | "target"> & { jwtClaims?: { sid: string; authTime: number } };

/** The credential a read of the jar's session cookie would have authorised: the row behind it, or the token's grant. */
async function credentialOfJar(
  current: SwitchRequest["current"],
  jwtClaims: SwitchOverrides["jwtClaims"],
  requestHeaders: Headers,
): Promise<SessionCredential> {
  if (current.mode === "jwt") return { kind: "token", tokenSid: jwtClaims?.sid, claims: { ...jwtClaims } };
  const { value } = readSessionCookie(requestHeaders, false);
  const found = value === "" ? undefined : await sessionStoreFor(current.store).findByHash(hashSessionToken(value));
  return { kind: "session", sessionRowId: found?.id ?? "cnosuchsession00000000000", expires: found?.expires ?? new Date() };
}

/** A switch as the Settings action makes it: the request's Cookie header is the jar's, the credential its read's. */
async function switchAs(overrides: SwitchOverrides) {
  const { jwtClaims, ...rest } = overrides;
  const requestHeaders =
    overrides.requestHeaders ??
    new Headers({
      cookie: overrides.jar
        .getAll()
        .map(({ name, value }) => `${name}=${value}`)
        .join("; "),
    });
  const headers = new Headers({ cookie: requestHeaders.get("cookie") ?? "" });
  return switchSessionMode({
    session,
    secrets: [secret],
    jwtMaxAgeSeconds: 3600,
    secureCookies: false,
    modeCookieOptions: { httpOnly: true },
    credential: await credentialOfJar(overrides.current, jwtClaims, headers),
    ...rest,
    requestHeaders: headers,
  });
}

beforeEach(async () => {
  const user = await prisma().user.create({ data: { email: `switch-${randomUUID()}@example.com`, name: "Switcher" } });
  session = toSessionDto(user, new Date());
});

async function liveTokenClaims() {
  const grant = await prisma().issuedToken.create({
    data: { userId: session.user.id, expiresAt: new Date(Date.now() + 60_000) },
  });
  return { sid: grant.id, authTime: Math.floor(Date.now() / 1000) };
}

async function newDatabaseSession() {
  const { encode } = databaseSessionBridge(sessionStoreFor("postgres"));
  return encode({ token: { sub: session.user.id }, secret, salt: cookieName, maxAge: 60 });
}

describe("switchSessionMode", () => {
  it("database → jwt: issues a JWE for the same user and deletes the old Session row", async () => {
    const token = await newDatabaseSession();
    expect(await prisma().session.count({ where: { userId: session.user.id } })).toBe(1);
    const { jar, values } = inMemoryCookieJar({ [cookieName]: token });

    const outcome = await switchAs({ jar, current: DATABASE, target: JWT });

    expect(outcome).toEqual({ from: DATABASE, to: JWT, keptSignedIn: true });
    const jwe = values.get(cookieName)!;
    expect(jwe.split(".")).toHaveLength(5);
    const claims = await decode({ token: jwe, secret, salt: cookieName });
    expect(claims).toMatchObject({ sub: session.user.id, email: session.user.email, name: "Switcher" });
    const grant = await prisma().issuedToken.findUniqueOrThrow({ where: { id: String(claims?.sid) } });
    expect(grant.userId).toBe(session.user.id);
    expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBe(3600);
    expect(values.get(MODE_COOKIE_NAME)).toBe("jwt");
    expect(await prisma().session.count({ where: { userId: session.user.id } })).toBe(0);
  });

  it("jwt → database: creates a Session row whose token is the new cookie, and ends the token's grant", async () => {
    const { jar, values } = inMemoryCookieJar({ [`${cookieName}.0`]: "old-jwe-part-1", [`${cookieName}.1`]: "part-2" });
    const jwtClaims = await liveTokenClaims();

    await switchAs({ jar, current: JWT, target: DATABASE, jwtClaims });
    expect(await isIssuedTokenLive(jwtClaims.sid)).toBe(false);

    const token = values.get(cookieName)!;
    expect(token.split(".")).toHaveLength(1);
    expect(values.has(`${cookieName}.0`)).toBe(false);
    expect(values.has(`${cookieName}.1`)).toBe(false);
    const row = await prisma().session.findUniqueOrThrow({ where: { sessionToken: hashSessionToken(token) } });
    expect(row.userId).toBe(session.user.id);
    expect(values.get(MODE_COOKIE_NAME)).toBe("database");
  });

  it("a revoked token cannot buy a fresh credential by switching, even with the check off", async () => {
    const { jar, values } = inMemoryCookieJar({ [cookieName]: "revoked-jwe" });
    const jwtClaims = await liveTokenClaims();
    await revokeIssuedToken(jwtClaims.sid);

    await expect(switchAs({ jar, current: JWT, target: DATABASE, jwtClaims })).rejects.toThrow(/revoked/);
    expect(Object.fromEntries(values)).toEqual({ [cookieName]: "revoked-jwe" });
    expect(await prisma().session.count({ where: { userId: session.user.id } })).toBe(0);
  });

  it("signed out: only the mode changes, and a stale session cookie is cleared", async () => {
    const { jar, values } = inMemoryCookieJar({ [cookieName]: "stale" });
    const outcome = await switchAs({ jar, session: null, current: DATABASE, target: JWT });
    expect(outcome.keptSignedIn).toBe(false);
    expect([...values.keys()]).toEqual([MODE_COOKIE_NAME]);
  });

  it("fails closed: a session revoked meanwhile is not carried into the new mode", async () => {
    const { jar, values } = inMemoryCookieJar({ [cookieName]: "token-without-a-row" });
    await expect(switchAs({ jar, current: DATABASE, target: JWT })).rejects.toThrow();
    expect(Object.fromEntries(values)).toEqual({ [cookieName]: "token-without-a-row" });
  });

  it("writes a large token as chunks Auth.js can read back", async () => {
    const { jar, values } = inMemoryCookieJar({ [cookieName]: await newDatabaseSession() });
    const longName = { ...session, user: { ...session.user, name: "N".repeat(5000) } };

    await switchAs({ jar, current: DATABASE, target: JWT, session: longName });

    const parts = [...values.keys()].filter((name) => name.startsWith(cookieName)).sort();
    expect(parts).toEqual([`${cookieName}.0`, `${cookieName}.1`]);
    const claims = await decode({ token: parts.map((name) => values.get(name)).join(""), secret, salt: cookieName });
    expect(claims?.name).toBe("N".repeat(5000));
  });

  it("six parallel jwt → database switches with one token: exactly one succeeds, and one Session row exists", async () => {
    const jwtClaims = await liveTokenClaims();
    const attempts = Array.from({ length: 6 }, () =>
      switchAs({ jar: inMemoryCookieJar({ [cookieName]: "the-same-jwe" }).jar, current: JWT, target: DATABASE, jwtClaims }),
    );
    const results = await Promise.allSettled(attempts);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await prisma().session.count({ where: { userId: session.user.id } })).toBe(1);
  });

  it("six parallel database → jwt switches with one cookie: exactly one succeeds, and one token grant is live", async () => {
    const token = await newDatabaseSession();
    const attempts = Array.from({ length: 6 }, () =>
      switchAs({ jar: inMemoryCookieJar({ [cookieName]: token }).jar, current: DATABASE, target: JWT }),
    );
    const results = await Promise.allSettled(attempts);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await prisma().issuedToken.count({ where: { userId: session.user.id, revokedAt: null } })).toBe(1);
  });

  it("jwt → database → jwt keeps the original sign-in, so the 30-day cap cannot be pushed back", async () => {
    const signedIn = Math.floor(Date.now() / 1000) - 10 * 86_400;
    const sid = await registerIssuedToken(session.user.id, new Date(signedIn * 1000));
    const first = inMemoryCookieJar({ [cookieName]: "old-jwe" });
    await switchAs({ jar: first.jar, current: JWT, target: DATABASE, jwtClaims: { sid, authTime: signedIn } });

    const grantEnd = new Date((signedIn + SESSION_MAX_AGE_SECONDS) * 1000);
    const row = await prisma().session.findUniqueOrThrow({
      where: { sessionToken: hashSessionToken(first.values.get(cookieName)!) },
    });
    expect(row.authenticatedAt).toEqual(new Date(signedIn * 1000));
    expect(row.expires).toEqual(grantEnd);
    expect(first.options.get(cookieName)?.expires).toEqual(grantEnd);

    const second = inMemoryCookieJar({ [cookieName]: first.values.get(cookieName)! });
    await switchAs({ jar: second.jar, current: DATABASE, target: JWT });
    const claims = await decode({ token: second.values.get(cookieName)!, secret, salt: cookieName });
    expect(claims?.authTime).toBe(signedIn);
    const grant = await prisma().issuedToken.findUniqueOrThrow({ where: { id: String(claims?.sid) } });
    expect(grant.expiresAt).toEqual(grantEnd);
  });

  it("a switch near the grant's end issues a token that expires at that end, not a full lifetime later", async () => {
    const signedIn = Math.floor(Date.now() / 1000) - SESSION_MAX_AGE_SECONDS + 600;
    const sid = await registerIssuedToken(session.user.id, new Date(signedIn * 1000));
    const first = inMemoryCookieJar({ [cookieName]: "old-jwe" });
    await switchAs({ jar: first.jar, current: JWT, target: DATABASE, jwtClaims: { sid, authTime: signedIn } });
    const second = inMemoryCookieJar({ [cookieName]: first.values.get(cookieName)! });
    await switchAs({ jar: second.jar, current: DATABASE, target: JWT });
    const claims = await decode({ token: second.values.get(cookieName)!, secret, salt: cookieName });
    expect(claims?.exp).toBe(signedIn + SESSION_MAX_AGE_SECONDS);
  });

  it("a database session whose sign-in is past the cap cannot switch into a fresh token", async () => {
    const token = await newDatabaseSession();
    await prisma().session.updateMany({
      where: { sessionToken: hashSessionToken(token) },
      data: { authenticatedAt: new Date(Date.now() - (SESSION_MAX_AGE_SECONDS + 1) * 1000) },
    });
    const { jar, values } = inMemoryCookieJar({ [cookieName]: token });
    await expect(switchAs({ jar, current: DATABASE, target: JWT })).rejects.toThrow(/ended/);
    expect(values.get(cookieName)).toBe(token);
    expect(await prisma().issuedToken.count({ where: { userId: session.user.id } })).toBe(0);
  });

  it("seals the new token with the first secret; the previous ones only open", async () => {
    const { jar, values } = inMemoryCookieJar({ [cookieName]: await newDatabaseSession() });
    const previous = "previous-secret-long-enough-for-auth-js-000000";
    await switchAs({ jar, current: DATABASE, target: JWT, secrets: [secret, previous] });
    const value = values.get(cookieName)!;
    expect(await decode({ token: value, secret, salt: cookieName })).toMatchObject({ sub: session.user.id });
    await expect(decode({ token: value, secret: previous, salt: cookieName })).rejects.toThrow();
  });

  it("moves a session between stores, keeping the sign-in, and leaves nothing behind in the old one", async () => {
    const route = ["postgres", "redis", "memory", "postgres"] as const;
    const signedIn = new Date(Date.now() - 86_400_000);
    const first = await issueDatabaseSession(session.user.id, sessionStoreFor(route[0]), { authenticatedAt: signedIn });
    let cookie = first.value;
    for (const [from, to] of [
      [route[0], route[1]],
      [route[1], route[2]],
      [route[2], route[3]],
    ] as const) {
      const { jar, values } = inMemoryCookieJar({ [cookieName]: cookie });
      const outcome = await switchAs({
        jar,
        current: { mode: "database", store: from },
        target: { mode: "database", store: to },
      });
      expect(outcome.keptSignedIn).toBe(true);
      expect(values.get(MODE_COOKIE_NAME)).toBe(to === "postgres" ? "database" : `database:${to}`);
      const next = values.get(cookieName)!;
      expect(next).not.toBe(cookie);
      expect(await sessionStoreFor(from).findByHash(hashSessionToken(cookie))).toBeUndefined();
      const moved = await sessionStoreFor(to).findByHash(hashSessionToken(next));
      expect(moved).toMatchObject({ userId: session.user.id, authenticatedAt: signedIn });
      expect(moved?.user).toEqual(session.user);
      cookie = next;
    }
  });

  it("switches out of a store only with a session that is still there", async () => {
    const { jar, values } = inMemoryCookieJar({ [cookieName]: "token-that-redis-never-saw" });
    await expect(switchAs({ jar, current: { mode: "database", store: "redis" }, target: JWT })).rejects.toThrow(
      /revoked or already switched/,
    );
    expect(Object.fromEntries(values)).toEqual({ [cookieName]: "token-that-redis-never-saw" });
  });
});
