import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { envWith } from "@/lib/testing/env-with";
import { inMemoryCookieJar } from "@/lib/testing/in-memory-cookie-jar";
import { issueDatabaseSession, registerIssuedToken } from "@/lib/auth/session/issue";
import { sessionCookieName, carriesSessionCookieTwice, readSessionCookie, MODE_COOKIE_NAME } from "@/lib/auth/cookies";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import { sealSessionToken } from "@/lib/auth/tokens/seal";
import { switchSessionMode, type SwitchRequest } from "@/lib/auth/switch-mode";
import { sessionKeyRing } from "@/lib/auth/tokens/keys";
import { readSession } from "@/lib/auth/authjs/read";
import { resolveSetup, type ModeCookieValue, SESSION_STORE_NAMES } from "@/lib/auth/mode";
import { sessionStoreFor } from "@/lib/auth/stores";
import { grantStanding } from "@/lib/auth/stores/grants";

const SECRET = "duplicated-cookie-secret-long-enough-000000000";
const env = envWith({ AUTH_SECRET: SECRET, AUTH_JWT_REVOCATION_CHECK: "on" });
const COOKIE = sessionCookieName(false);

const newPerson = async (name: string) =>
  (await prisma().user.create({ data: { email: `dup-${randomUUID()}@example.com`, name } })).id;

let victim: string;
let attacker: string;

beforeEach(async () => {
  [victim, attacker] = await Promise.all([newPerson("Victim"), newPerson("Attacker")]);
});

/** A valid session cookie value for `userId` in `setup`: a session in its store, or a token on a live grant. */
async function credentialFor(userId: string, setup: ModeCookieValue): Promise<string> {
  const { mode, store } = resolveSetup(setup, "database");
  if (mode !== "jwt") return (await issueDatabaseSession(userId, sessionStoreFor(store))).value;
  const sid = await registerIssuedToken(userId);
  const now = Math.floor(Date.now() / 1000);
  return sealSessionToken(
    { sub: userId, name: null, email: null, sid, authTime: now, renewedAt: now },
    sessionKeyRing([SECRET], COOKIE),
    now + 600,
  );
}

const SETUPS: ModeCookieValue[] = [
  "jwt",
  ...SESSION_STORE_NAMES.flatMap((store): ModeCookieValue[] =>
    store === "postgres" ? ["database", "hybrid"] : [`database:${store}`, `hybrid:${store}`],
  ),
];

describe("a request that carries the session cookie more than once", () => {
  it("is recognised on the raw header, whole or as any chunk, and only then", () => {
    expect(carriesSessionCookieTwice(`${COOKIE}=a; ${COOKIE}=b`, COOKIE)).toBe(true);
    expect(carriesSessionCookieTwice(`${COOKIE}=a;${COOKIE} = a`, COOKIE)).toBe(true);
    expect(carriesSessionCookieTwice(`${COOKIE}.0=a; ${COOKIE}.1=b; ${COOKIE}.0=c`, COOKIE)).toBe(true);
    expect(carriesSessionCookieTwice(`${COOKIE}.0=a; ${COOKIE}.1=b; other=1; other=2`, COOKIE)).toBe(false);
    expect(carriesSessionCookieTwice(`${COOKIE}=a`, COOKIE)).toBe(false);
    expect(readSessionCookie(new Headers({ cookie: `${COOKIE}=a; ${COOKIE}=b` }), false)).toMatchObject({ duplicated: true });
  });

  it.each(SETUPS)("is signed out in %s mode, on both read paths and in either order", async (setup) => {
    const stolen = await credentialFor(victim, setup);
    const mine = await credentialFor(attacker, setup);
    for (const [first, second] of [
      [stolen, mine],
      [mine, stolen],
      [mine, mine],
    ] as const) {
      const headers = new Headers({ cookie: `${MODE_COOKIE_NAME}=${setup}; ${COOKIE}=${first}; ${COOKIE}=${second}` });
      for (const path of ["lean", "authjs"] as const) {
        const read = await readSession(headers, path, env);
        expect(read.status, `${setup} ${path}`).toBe("signed-out");
      }
    }
    // Each alone still reads: only the pair is refused.
    const alone = await readSession(new Headers({ cookie: `${MODE_COOKIE_NAME}=${setup}; ${COOKIE}=${mine}` }), "lean", env);
    expect(alone.status).toBe("signed-in");
  });
});

describe("a switch", () => {
  const base = { secrets: [SECRET] as [string], jwtMaxAgeSeconds: 3600, secureCookies: false, modeCookieOptions: {} };

  it.each(SESSION_STORE_NAMES)(
    "with 'STOLEN; MINE' in the %s store is refused, retires nothing and issues nothing, so STOLEN is not kept alive",
    async (store) => {
      const setup: ModeCookieValue = store === "postgres" ? "database" : `database:${store}`;
      const stolen = await credentialFor(victim, setup);
      const mine = await credentialFor(attacker, setup);
      const cookie = `${MODE_COOKIE_NAME}=${setup}; ${COOKIE}=${stolen}; ${COOKIE}=${mine}`;
      const requestHeaders = new Headers({ cookie });
      // What the switch would get if anything read the pair as MINE (Next's parse keeps the last copy).
      const mineRead = await readSession(new Headers({ cookie: `${MODE_COOKIE_NAME}=${setup}; ${COOKIE}=${mine}` }), "lean", env);
      if (mineRead.status !== "signed-in") throw new Error("MINE alone reads as signed in");
      const stolenRead = await readSession(
        new Headers({ cookie: `${MODE_COOKIE_NAME}=${setup}; ${COOKIE}=${stolen}` }),
        "lean",
        env,
      );
      if (stolenRead.status !== "signed-in") throw new Error("STOLEN alone reads as signed in");
      const { jar, values } = inMemoryCookieJar({ [COOKIE]: mine });
      for (const read of [mineRead, stolenRead]) {
        const request: SwitchRequest = {
          ...base,
          jar,
          requestHeaders,
          session: read.session,
          credential: read.credential,
          current: resolveSetup(setup, "database"),
          target: resolveSetup("jwt", "database"),
        };
        await expect(switchSessionMode(request)).rejects.toThrow(/more than once/);
      }
      expect(Object.fromEntries(values)).toEqual({ [COOKIE]: mine });
      expect(await sessionStoreFor(store).findByHash(hashSessionToken(stolen))).toMatchObject({ userId: victim });
      expect(await sessionStoreFor(store).findByHash(hashSessionToken(mine))).toMatchObject({ userId: attacker });
      expect(await prisma().issuedToken.count({ where: { userId: { in: [victim, attacker] } } })).toBe(0);
      expect(await sessionStoreFor(store).listLive(victim)).toHaveLength(1);
    },
  );

  it.each(SESSION_STORE_NAMES)("retires exactly the session its read authorised in the %s store, or refuses", async (store) => {
    const setup: ModeCookieValue = store === "postgres" ? "database" : `database:${store}`;
    const first = await credentialFor(victim, setup);
    const second = await credentialFor(victim, setup);
    const secondRead = await readSession(
      new Headers({ cookie: `${MODE_COOKIE_NAME}=${setup}; ${COOKIE}=${second}` }),
      "lean",
      env,
    );
    if (secondRead.status !== "signed-in") throw new Error("the second session reads as signed in");
    const firstHeaders = new Headers({ cookie: `${MODE_COOKIE_NAME}=${setup}; ${COOKIE}=${first}` });
    const firstRead = await readSession(firstHeaders, "lean", env);
    if (firstRead.status !== "signed-in") throw new Error("the first session reads as signed in");
    const request = (credential: SwitchRequest["credential"]): SwitchRequest => ({
      ...base,
      jar: inMemoryCookieJar({ [COOKIE]: first }).jar,
      requestHeaders: firstHeaders,
      session: firstRead.session,
      credential,
      current: resolveSetup(setup, "database"),
      target: resolveSetup("jwt", "database"),
    });

    // The cookie is the first session's, the credential the second's: refused, and neither is retired.
    await expect(switchSessionMode(request(secondRead.credential))).rejects.toThrow(/revoked or already switched/);
    expect((await sessionStoreFor(store).listLive(victim)).map((session) => session.id).sort()).toEqual(
      [
        firstRead.credential.kind === "session" ? firstRead.credential.sessionRowId : "",
        secondRead.credential.kind === "session" ? secondRead.credential.sessionRowId : "",
      ].sort(),
    );

    await switchSessionMode(request(firstRead.credential));
    expect((await sessionStoreFor(store).listLive(victim)).map((session) => session.id)).toEqual([
      secondRead.credential.kind === "session" ? secondRead.credential.sessionRowId : "",
    ]);
  });

  it("retires exactly the token grant its read authorised, or refuses", async () => {
    const first = await credentialFor(victim, "jwt");
    const second = await credentialFor(victim, "jwt");
    const read = async (value: string) => {
      const answer = await readSession(new Headers({ cookie: `${MODE_COOKIE_NAME}=jwt; ${COOKIE}=${value}` }), "lean", env);
      if (answer.status !== "signed-in" || answer.credential.kind !== "token") throw new Error("a token reads as signed in");
      return { session: answer.session, credential: answer.credential };
    };
    const [firstRead, secondRead] = [await read(first), await read(second)];
    const requestHeaders = new Headers({ cookie: `${MODE_COOKIE_NAME}=jwt; ${COOKIE}=${first}` });
    const request = (credential: SwitchRequest["credential"]): SwitchRequest => ({
      ...base,
      jar: inMemoryCookieJar({ [COOKIE]: first }).jar,
      requestHeaders,
      session: firstRead.session,
      credential,
      current: resolveSetup("jwt", "database"),
      target: resolveSetup("database", "database"),
    });
    // A credential of another person never passes for this one.
    const othersGrant = await registerIssuedToken(attacker);
    await expect(
      switchSessionMode(
        request({
          ...secondRead.credential,
          tokenSid: othersGrant,
          claims: { ...secondRead.credential.claims, sid: othersGrant },
        }),
      ),
    ).rejects.toThrow(/revoked or already switched/);
    expect(await grantStanding(othersGrant)).toBe("live");

    await switchSessionMode(request(firstRead.credential));
    expect(await grantStanding(firstRead.credential.tokenSid)).toBe("revoked");
    expect(await grantStanding(secondRead.credential.tokenSid)).toBe("live");
  });
});
