import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { envWith } from "@/lib/testing/env-with";
import { inMemoryCookieJar } from "@/lib/testing/in-memory-cookie-jar";
import { issueDatabaseSession } from "@/lib/auth/session/issue";
import { sessionCookieName, MODE_COOKIE_NAME } from "@/lib/auth/cookies";
import { hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import { switchSessionMode } from "@/lib/auth/switch-mode";
import { readSession } from "@/lib/auth/authjs/read";
import { resolveSetup, type ModeCookieValue, SESSION_STORE_NAMES } from "@/lib/auth/mode";
import { sessionStoreFor } from "@/lib/auth/stores";
import { grantStanding } from "@/lib/auth/stores/grants";
import { revokeOtherDevices } from "@/lib/auth/devices/devices";

const SECRET = "switch-race-secret-that-is-long-enough-0000000";
const env = envWith({ AUTH_SECRET: SECRET, AUTH_JWT_REVOCATION_CHECK: "off" });
// A token read with the check off is stateless by design; the last read looks its grant up.
const checkOn = envWith({ AUTH_SECRET: SECRET, AUTH_JWT_REVOCATION_CHECK: "on" });
const COOKIE = sessionCookieName(false);
const SWITCHES = 20;
// Each round starts its revocation as a different switch starts, so that one lands between a switch's steps.
const ROUNDS = [1, 2, 3, 4, 5, 6];

/** Every credential of the person that a read would still accept: sessions in every store, and live token grants. */
async function liveCredentials(userId: string): Promise<string[]> {
  const sessions = await Promise.all(SESSION_STORE_NAMES.map((name) => sessionStoreFor(name).listLive(userId)));
  const grants = await prisma().issuedToken.findMany({ where: { userId }, select: { id: true } });
  const liveGrants = [];
  for (const grant of grants) if ((await grantStanding(grant.id)) === "live") liveGrants.push(grant.id);
  return [...sessions.flat().map((session) => session.id), ...liveGrants];
}

describe.each(SESSION_STORE_NAMES)("switches in the %s store racing one 'sign out all other devices'", (storeName) => {
  it.each(ROUNDS)(
    `${SWITCHES} switches against one revocation (started with switch %i) end with no credential but the revoker's`,
    async (revokeAtSwitch) => {
      const userId = (await prisma().user.create({ data: { email: `race-${randomUUID()}@example.com`, name: "Racer" } })).id;
      const revoker = await issueDatabaseSession(userId, sessionStoreFor("postgres"));
      const revokerId = (await sessionStoreFor("postgres").findByHash(hashSessionToken(revoker.value)))!.id;

      const inStore: ModeCookieValue = storeName === "postgres" ? "database" : `database:${storeName}`;
      let setup: ModeCookieValue = inStore;
      let cookie = (await issueDatabaseSession(userId, sessionStoreFor(storeName))).value;
      let revocation: Promise<number> | undefined;
      let switched = 0;
      for (let index = 0; index < SWITCHES; index += 1) {
        const requestHeaders = new Headers({ cookie: `${MODE_COOKIE_NAME}=${setup}; ${COOKIE}=${cookie}` });
        const read = await readSession(requestHeaders, "lean", env);
        if (read.status !== "signed-in") break;
        const target: ModeCookieValue = setup === "jwt" ? inStore : "jwt";
        const { jar, values } = inMemoryCookieJar({ [COOKIE]: cookie });
        const switching = switchSessionMode({
          jar,
          requestHeaders,
          session: read.session,
          credential: read.credential,
          current: resolveSetup(setup, "database"),
          target: resolveSetup(target, "database"),
          secrets: [SECRET],
          jwtMaxAgeSeconds: 3600,
          secureCookies: false,
          modeCookieOptions: {},
        });
        if (index === revokeAtSwitch) revocation = revokeOtherDevices(userId, { sessionRowId: revokerId });
        const outcome = await switching.then(
          () => "switched",
          () => "refused",
        );
        if (outcome === "refused") break;
        switched += 1;
        setup = target;
        cookie = values.get(COOKIE) ?? "";
      }
      await revocation;

      expect(switched).toBeGreaterThanOrEqual(revokeAtSwitch);
      expect(await liveCredentials(userId)).toEqual([revokerId]);
      const last = await readSession(
        new Headers({ cookie: `${MODE_COOKIE_NAME}=${setup}; ${COOKIE}=${cookie}` }),
        "lean",
        checkOn,
      );
      expect(last.status).toBe("signed-out");
    },
  );
});
