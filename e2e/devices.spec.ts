import { expect, test } from "./fixtures";
import { expectStillSignedIn, twoDevices } from "./two-devices";

test.describe("database mode", () => {
  test("revoking device B from device A signs B out on its next request", async ({ person, deviceA, deviceB, db }) => {
    await twoDevices("database", person, deviceA, deviceB);
    await deviceA.devices.goto();
    await expect(deviceA.devices.rows("session")).toHaveCount(2);
    await expect(deviceA.devices.rows("session").filter({ hasText: "This device" })).toHaveCount(1);
    await expect(deviceA.devices.memorySessionsNote()).toContainText(
      "sessions in another server's memory end at their next read there",
    );
    // Playwright's "Desktop Chrome" profile announces itself as Chrome on Windows.
    await expect(deviceA.devices.otherRow("session")).toContainText(
      /^Chrome \d+ on Windows\s*Session in PostgreSQL\s*127\.0\.0\.1/,
    );

    await deviceA.devices.revokeOther("session");

    expect(await db.sessionRowsFor(person.email)).toHaveLength(1);
    await expectStillSignedIn(deviceB, person, false);
    await expectStillSignedIn(deviceA, person, true);
  });

  test("changing the password signs the other device out", async ({ person, deviceA, deviceB }) => {
    await twoDevices("database", person, deviceA, deviceB);
    await deviceA.password.change(person.password, "a brand new passphrase 2");
    await expectStillSignedIn(deviceB, person, false);
    await expectStillSignedIn(deviceA, person, true);
    await deviceB.signIn.signInWithPassword(person.email, "a brand new passphrase 2");
    await deviceB.header.expectSignedInAs(person.email);
  });
});

test("signing out everywhere ends every device's session, this one's too", async ({ person, deviceA, deviceB, db }) => {
  await twoDevices("database", person, deviceA, deviceB);
  await deviceA.devices.goto();
  await deviceA.page.getByRole("button", { name: "Sign out everywhere" }).click();
  await deviceA.header.expectSignedOut();
  expect(await db.sessionRowsFor(person.email)).toHaveLength(0);
  await expectStillSignedIn(deviceB, person, false);
});

test.describe("the devices API refuses what is not yours", () => {
  test("someone else's session, an unknown id and garbage get 404 and change nothing", async ({
    request,
    person,
    deviceA,
    deviceB,
    db,
  }) => {
    await deviceA.signUp.signUp(person);
    await deviceA.header.expectSignedInAs(person.email);
    const other = { ...person, email: `other-${person.email}` };
    await deviceB.signUp.signUp(other);
    await deviceB.header.expectSignedInAs(other.email);
    const [othersRow] = await db.sessionRowsFor(other.email);

    for (const path of [
      `/api/devices/session/${othersRow!.id}`,
      "/api/devices/session/cnotarealid0000000000000",
      "/api/devices/token/x",
      "/api/devices/cookie/abc",
    ]) {
      // A browser's fetch from the devices page carries the page's Origin; the front door wants one.
      const response = await deviceA.page.request.delete(path, { headers: { origin: new URL(deviceA.page.url()).origin } });
      expect(response.status(), path).toBe(404);
    }
    expect(await db.sessionRowExists(othersRow!.id)).toBe(true);
    await expectStillSignedIn(deviceB, other, true);

    const anonymous = await request.delete(`/api/devices/session/${othersRow!.id}`, {
      headers: { origin: new URL(deviceA.page.url()).origin },
    });
    expect(anonymous.status()).toBe(401);
    expect(await db.sessionRowExists(othersRow!.id)).toBe(true);
  });
});
