import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient } from "redis";
import { expect, sessionCookieValue, sha256Hex, test, type Device, type Person } from "./fixtures";
import { expectStillSignedIn } from "./two-devices";
import type { ModeCookieValue } from "../lib/auth/mode";

type StoreChoice = Extract<ModeCookieValue, `database${string}`>;

const KEPT_AS: Record<StoreChoice, string> = {
  database: "Session in PostgreSQL",
  "database:redis": "Session in Redis",
  "database:memory": "Session in this server's memory",
};

/** Whether the server's Redis (started by its launcher; the URL is in its data folder) holds a session for this cookie. */
async function redisHoldsSession(labDataDir: string, cookie: string): Promise<boolean> {
  const url = readFileSync(path.join(labDataDir, "redis-url"), "utf8").trim();
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  await client.connect();
  const exists = await client.exists(`lab:session:${sha256Hex(cookie)}`);
  client.destroy();
  return exists === 1;
}

/** A person already signed in on `device`, then moved to `setup` in Settings. */
async function signUpThenSwitch(device: Device, person: Person, setup: ModeCookieValue) {
  await device.signUp.signUp(person);
  await device.header.expectSignedInAs(person.email);
  await device.settings.switchTo(setup);
  await device.header.expectSignedInAs(person.email);
  await device.header.expectSetup(setup);
}

for (const setup of ["database", "database:redis", "database:memory"] as const) {
  test(`a session in ${KEPT_AS[setup].replace("Session in ", "")}: switch in, list, revoke the other device, sign out`, async ({
    person,
    deviceA,
    deviceB,
    db,
    labDataDir,
  }) => {
    await signUpThenSwitch(deviceA, person, setup);
    // Signed out, B picks the store first, then signs in there.
    await deviceB.settings.switchTo(setup);
    await deviceB.header.expectSetup(setup);
    await deviceB.signIn.signInWithPassword(person.email, person.password);
    await deviceB.header.expectSignedInAs(person.email);
    await deviceB.header.expectSetup(setup);

    // Where the two sessions really are: PostgreSQL rows only for the PostgreSQL store, Redis keys only for Redis.
    const cookieB = (await sessionCookieValue(deviceB.page.context()))!;
    expect(await db.sessionRowsFor(person.email)).toHaveLength(setup === "database" ? 2 : 0);
    expect(await redisHoldsSession(labDataDir, cookieB)).toBe(setup === "database:redis");

    await deviceA.devices.goto();
    await expect(deviceA.devices.rows("session")).toHaveCount(2);
    await expect(deviceA.devices.rowsKeptAs("session", KEPT_AS[setup])).toHaveCount(2);

    await deviceA.devices.revokeOther("session");
    await expect(deviceA.devices.rows("session")).toHaveCount(1);
    expect(await db.sessionRowsFor(person.email)).toHaveLength(setup === "database" ? 1 : 0);
    expect(await redisHoldsSession(labDataDir, cookieB)).toBe(false);
    await expectStillSignedIn(deviceB, person, false);
    await expectStillSignedIn(deviceA, person, true);

    const cookieA = (await sessionCookieValue(deviceA.page.context()))!;
    await deviceA.header.signOut();
    expect(await sessionCookieValue(deviceA.page.context())).toBeUndefined();
    expect(await db.sessionRowsFor(person.email)).toHaveLength(0);
    expect(await redisHoldsSession(labDataDir, cookieA)).toBe(false);
    // The old cookie, sent again by hand, is refused by the store too.
    const replay = await deviceA.page.request.get("/api/me", {
      headers: { cookie: `lab-session-mode=${setup}; authjs.session-token=${cookieA}` },
    });
    expect(replay.status()).toBe(401);
  });
}

test("switching through all four choices keeps the person signed in, with one live session each time", async ({
  person,
  deviceA,
  db,
}) => {
  await deviceA.signUp.signUp(person);
  await deviceA.header.expectSetup("database");
  // Store to store, store to token, token to store, and back to the default.
  for (const setup of ["database:redis", "database:memory", "jwt", "database:redis", "database"] as const) {
    await deviceA.settings.switchTo(setup);
    await deviceA.header.expectSignedInAs(person.email);
    await deviceA.header.expectSetup(setup);
    await deviceA.devices.goto();
    await expect(deviceA.devices.rows("session")).toHaveCount(setup === "jwt" ? 0 : 1);
    if (setup !== "jwt") await expect(deviceA.devices.rowsKeptAs("session", KEPT_AS[setup])).toHaveCount(1);
  }
  expect(await db.sessionRowsFor(person.email)).toHaveLength(1);
});

test("a mode cookie naming an unknown store falls back to PostgreSQL, never a 500", async ({
  baseURL,
  context,
  person,
  deviceA,
  db,
  request,
}) => {
  for (const value of ["database:mongo", "database:", "database:REDIS"]) {
    const probe = await request.get("/api/lab/probe", { headers: { cookie: `lab-session-mode=${value}` } });
    expect(probe.status(), value).toBe(401);
    expect(await probe.json(), value).toMatchObject({ ok: false, mode: "database", store: "postgres" });
  }

  await context.addCookies([{ name: "lab-session-mode", value: "database:mongo", url: baseURL! }]);
  await deviceA.signUp.signUp(person);
  await deviceA.header.expectSignedInAs(person.email);
  await deviceA.header.expectSetup("database");
  expect(await db.sessionRowsFor(person.email)).toHaveLength(1);
  await deviceA.devices.goto();
  await expect(deviceA.devices.rowsKeptAs("session", KEPT_AS.database)).toHaveCount(1);
});
