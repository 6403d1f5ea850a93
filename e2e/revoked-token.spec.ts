import { expect, test } from "./fixtures";
import { expectStillSignedIn, signUpIn } from "./two-devices";

// The hostile review's finding: device A (database mode) revokes device B (jwt mode, check off), and B
// could still revoke A, sign A out, change the password and list A. B may still read pages until its
// token expires, but it may change nothing.
test.describe("a revoked token, revocation check off", () => {
  test("can read until it expires, but can neither list nor revoke devices, nor change the password or mode", async ({
    person,
    deviceA,
    deviceB,
    db,
  }) => {
    await signUpIn("database", person, deviceA);
    await deviceB.settings.switchTo("jwt");
    await deviceB.signIn.signInWithPassword(person.email, person.password);
    await deviceB.header.expectSignedInAs(person.email);
    // B keeps its devices page open from before the revocation, with every button on it.
    await deviceB.devices.goto();
    const [rowOfA] = await db.sessionRowsFor(person.email);
    const passwordHash = await db.passwordHashOf(person.email);

    await deviceA.devices.revokeOther("token");
    await expect(deviceA.devices.otherRow("token")).toContainText(
      /Revoked, yet still accepted: .* works until \d{4}-\d\d-\d\d.* at the latest/,
    );
    await expect(deviceA.page.getByTestId("revocation-bound")).toContainText(
      "a revoked token stops working at most 1 hour after it is revoked",
    );

    const deleteA = await deviceB.page.request.delete(`/api/devices/session/${rowOfA!.id}`, {
      headers: { origin: new URL(deviceB.page.url()).origin },
    });
    expect(deleteA.status()).toBe(401);
    expect(await deleteA.json()).toEqual({ error: "This token was revoked: sign in again to manage devices" });
    expect(await db.sessionRowExists(rowOfA!.id)).toBe(true);

    await deviceB.page.getByRole("button", { name: "Sign out all other devices" }).click();
    await deviceB.devices.expectRevokedHere();
    await deviceB.page.goto("/sessions");
    await deviceB.devices.expectRevokedHere();
    expect(await db.sessionRowExists(rowOfA!.id)).toBe(true);

    await deviceB.password.expectRefused(person.password, "a password B picked 77", "This device's sign-in was revoked");
    expect(await db.passwordHashOf(person.email)).toBe(passwordHash);
    await deviceB.settings.expectSwitchRefused("database", "This device's sign-in was revoked");
    expect(await db.sessionRowsFor(person.email)).toHaveLength(1);

    await expectStillSignedIn(deviceA, person, true);
    // The documented bound: reading goes on until the token's expiry, which no renewal pushes back.
    await expectStillSignedIn(deviceB, person, true);
  });

  test("signs out from the devices page, without a redirect loop", async ({ person, deviceA, deviceB }) => {
    await signUpIn("database", person, deviceA);
    await deviceB.settings.switchTo("jwt");
    await deviceB.signIn.signInWithPassword(person.email, person.password);
    await deviceB.header.expectSignedInAs(person.email);
    await deviceA.devices.revokeOther("token");

    await deviceB.page.goto("/sessions");
    await deviceB.devices.expectRevokedHere();
    await deviceB.page.getByRole("button", { name: "Sign out of this device" }).click();
    await deviceB.header.expectSignedOut();
    await deviceB.signIn.signInWithPassword(person.email, person.password);
    await deviceB.header.expectSignedInAs(person.email);
    await deviceB.devices.goto();
    await expect(deviceB.devices.rows("token").filter({ hasText: "This device" })).toHaveCount(1);
  });
});
