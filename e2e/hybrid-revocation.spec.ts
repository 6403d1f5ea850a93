import type { APIResponse } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { CHECK_ON_PORT, HYBRID_TOKEN_TTL_ON_CHECK_SERVER } from "./servers";
import { expect, test, type Device, type Person } from "./fixtures";
import { expectStillSignedIn, twoDevices } from "./two-devices";

const TOKEN_COOKIE = "lab-hybrid-token";
// A hybrid token is accepted up to 5 s past its expiry (HYBRID_CLOCK_TOLERANCE_SECONDS); 2 s more for polling.
const CLOCK_SKEW_SECONDS = 5;
const POLL_SLACK_SECONDS = 2;
const WINDOW_SECONDS = HYBRID_TOKEN_TTL_ON_CHECK_SERVER + CLOCK_SKEW_SECONDS;

/** This device reads /api/me with a token issued just now, so the whole window lies ahead. */
async function freshToken(device: Device) {
  await device.page.context().clearCookies({ name: TOKEN_COOKIE });
  const response = await device.page.request.get("/api/me");
  expect(response.status()).toBe(200);
  expect(response.headers()["set-cookie"]).toContain(`${TOKEN_COOKIE}=`);
}

/** Seconds from now until this device's /api/me answers 401, polling; and that last answer. */
async function secondsUntilSignedOut(device: Device, started: number) {
  let last: APIResponse | undefined;
  await expect
    .poll(
      async () => {
        last = await device.page.request.get("/api/me");
        return last.status();
      },
      { timeout: (WINDOW_SECONDS + 10) * 1000, intervals: [250] },
    )
    .toBe(401);
  return { seconds: (Date.now() - started) / 1000, response: last };
}

// This server's hybrid tokens live 15 s, so a whole revocation window fits in a test.
test.describe(`hybrid mode, a ${HYBRID_TOKEN_TTL_ON_CHECK_SERVER} s token`, () => {
  test.use({ baseURL: `http://localhost:${CHECK_ON_PORT}`, labDataDir: ".data/e2e-check" });

  const revocations: [string, (device: Device, person: Person) => Promise<void>][] = [
    ["revoking the device", (device) => device.devices.revokeOther("session")],
    ["signing out all other devices", (device) => device.devices.signOutAllOthers()],
    ["changing the password", (device, person) => device.password.change(person.password, "a brand new passphrase 7")],
  ];

  for (const [what, revoke] of revocations) {
    test(`${what} signs the other device out within the token's life plus clock skew, measured`, async ({
      person,
      deviceA,
      deviceB,
    }) => {
      await twoDevices("hybrid", person, deviceA, deviceB);
      await deviceA.devices.goto();
      await expect(deviceA.page.getByTestId("hybrid-revocation-window")).toContainText(
        `signed out within ${HYBRID_TOKEN_TTL_ON_CHECK_SERVER} seconds`,
      );
      await freshToken(deviceB);

      await revoke(deviceA, person);
      const revokedAt = Date.now();
      // The bounded window is real: the token still answers, without the store.
      const during = await deviceB.page.request.get("/api/me");
      expect(during.status()).toBe(200);
      expect(during.headers()["server-timing"]).not.toContain("db;");

      const { seconds, response } = await secondsUntilSignedOut(deviceB, revokedAt);
      test
        .info()
        .annotations.push({ type: "revocation window", description: `${seconds.toFixed(1)} s (limit ${WINDOW_SECONDS} s)` });
      expect(seconds).toBeLessThanOrEqual(WINDOW_SECONDS + POLL_SLACK_SECONDS);
      // Signed out leaves the browser neither cookie (the token's own cookie ends with it), and every page agrees.
      expect(response?.headers()["set-cookie"]).toMatch(/authjs\.session-token=;.*Max-Age=0/i);
      const left = (await deviceB.page.context().cookies()).map((cookie) => cookie.name);
      expect(left).not.toContain(TOKEN_COOKIE);
      expect(left).not.toContain("authjs.session-token");
      await expectStillSignedIn(deviceB, person, false);
      await expectStillSignedIn(deviceA, person, true);
    });
  }
});

test.describe("hybrid mode, a revoked device inside its window", () => {
  test("may still read, but may change nothing and list no devices: those look the session up", async ({
    person,
    deviceA,
    deviceB,
  }) => {
    await twoDevices("hybrid", person, deviceA, deviceB);
    await freshToken(deviceB);
    await deviceA.devices.revokeOther("session");

    expect((await deviceB.page.request.get("/api/me")).status()).toBe(200);
    const revoke = await deviceB.page.request.delete("/api/devices/session/c0000000000000000000000000", {
      headers: { origin: new URL(deviceB.page.url()).origin },
    });
    expect(revoke.status()).toBe(401);
    await deviceB.page.goto("/devices");
    await deviceB.devices.expectRevokedHere();
    await expectStillSignedIn(deviceA, person, true);
    await deviceA.devices.goto();
    await expect(deviceA.devices.rows("session")).toHaveCount(1);
  });
});

test.describe("hybrid mode, tokens that do not belong", () => {
  test("another person's token beside my session cookie reads as me, never as them, and garbage is one lookup", async ({
    person,
    deviceA,
    deviceB,
  }) => {
    const other: Person = { ...person, name: "Grace Hopper", email: `grace-${randomUUID()}@example.com` };
    await deviceA.settings.switchTo("hybrid");
    await deviceA.signUp.signUp(person);
    await deviceB.settings.switchTo("hybrid");
    await deviceB.signUp.signUp(other);
    expect((await deviceA.page.request.get("/api/me")).status()).toBe(200);
    const theirToken = (await deviceA.page.context().cookies()).find((cookie) => cookie.name === TOKEN_COOKIE);
    if (!theirToken) throw new Error("device A has no hybrid token");

    // B's page asks /api/me for its own token after sign-up: let that land, and leave the page, before the swap.
    await expect
      .poll(async () => (await deviceB.page.context().cookies()).some((cookie) => cookie.name === TOKEN_COOKIE))
      .toBe(true);
    await deviceB.page.goto("about:blank");
    await deviceB.page.context().addCookies([theirToken]);
    const swapped = await deviceB.page.request.get("/api/me");
    expect(swapped.status()).toBe(200);
    expect(await swapped.json()).toMatchObject({ session: { user: { email: other.email } } });
    expect(swapped.headers()["server-timing"]).toContain("db;");

    for (const garbage of ["garbage", "a.b.c.d.e", "%00%ff", "x".repeat(3000)]) {
      await deviceB.page.context().addCookies([{ ...theirToken, value: garbage }]);
      const read = await deviceB.page.request.get("/api/me");
      expect(read.status()).toBe(200);
      expect(await read.json()).toMatchObject({ session: { user: { email: other.email } } });
    }
    await deviceB.account.goto();
    await deviceB.header.expectSignedInAs(other.email);
  });
});
