import { expect, test } from "../fixtures";
import { expectStillSignedIn, twoDevices } from "../two-devices";

// The revocation check is one switch for the whole server, so these run alone, after every other spec.
test.describe.configure({ mode: "serial" });

test.afterEach(async ({ db }) => {
  await db.resetRevocationCheck();
});

test("jwt mode: a revoked token keeps working without the check, and stops once the check is on", async ({
  person,
  deviceA,
  deviceB,
}) => {
  await twoDevices("jwt", person, deviceA, deviceB);
  await deviceA.devices.setRevocationCheck(false);

  await deviceA.devices.revokeOther("token");
  await expect(deviceA.devices.otherRow("token")).toContainText("Revoked, yet still accepted");
  await expectStillSignedIn(deviceB, person, true);

  await deviceA.devices.setRevocationCheck(true);
  await expect(deviceA.page.getByTestId("devices-server-timing")).toHaveText(
    /^auth;dur=[\d.]+;desc="jwt", db;dur=[\d.]+;desc="1 query"$/,
  );
  await expectStillSignedIn(deviceB, person, false);
  await expectStillSignedIn(deviceA, person, true);
});

test("jwt mode with the check on: changing the password signs the other device out", async ({ person, deviceA, deviceB }) => {
  await twoDevices("jwt", person, deviceA, deviceB);
  await deviceA.devices.setRevocationCheck(true);
  await deviceA.password.change(person.password, "another fine passphrase 3");
  await expectStillSignedIn(deviceB, person, false);
  await expectStillSignedIn(deviceA, person, true);
});
