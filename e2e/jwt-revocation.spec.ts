import { CHECK_ON_PORT } from "./servers";
import { expect, test } from "./fixtures";
import { expectStillSignedIn, twoDevices } from "./two-devices";

test.describe("jwt mode, revocation check off (the default)", () => {
  test("a revoked token keeps working, and the devices page says until when", async ({ person, deviceA, deviceB, db }) => {
    await twoDevices("jwt", person, deviceA, deviceB);
    await deviceA.devices.expectRevocationCheck(false);

    await deviceA.devices.revokeOther("token");

    await expect(deviceA.devices.otherRow("token")).toContainText(/Revoked, yet still accepted: .* works until \d{4}-\d\d-\d\d/);
    await expectStillSignedIn(deviceB, person, true);
    expect(await db.liveTokenGrantsFor(person.email)).toBe(1);
  });

  test("signing out ends the token's grant", async ({ person, deviceA, db }) => {
    await deviceA.settings.switchTo("jwt");
    await deviceA.signUp.signUp(person);
    await deviceA.header.expectSignedInAs(person.email);
    expect(await db.liveTokenGrantsFor(person.email)).toBe(1);
    await deviceA.header.signOut();
    expect(await db.liveTokenGrantsFor(person.email)).toBe(0);
  });
});

test.describe("jwt mode, revocation check on", () => {
  test.use({ baseURL: `http://localhost:${CHECK_ON_PORT}`, labDataDir: ".data/e2e-check" });

  test("revoking device B signs it out on its next request, for one database read per request", async ({
    person,
    deviceA,
    deviceB,
  }) => {
    await twoDevices("jwt", person, deviceA, deviceB);
    await deviceA.devices.expectRevocationCheck(true);
    await expect(deviceA.page.getByTestId("devices-server-timing")).toHaveText(
      /^auth;dur=[\d.]+;desc="jwt", db;dur=[\d.]+;desc="1 query"$/,
    );

    await deviceA.devices.revokeOther("token");

    await expectStillSignedIn(deviceB, person, false);
    await expectStillSignedIn(deviceA, person, true);
  });

  test("changing the password signs the other device out", async ({ person, deviceA, deviceB }) => {
    await twoDevices("jwt", person, deviceA, deviceB);
    await deviceA.password.change(person.password, "another fine passphrase 3");
    await expectStillSignedIn(deviceB, person, false);
    await expectStillSignedIn(deviceA, person, true);
  });
});
