import { expect, type Device, type Person } from "./fixtures";
import type { SessionMode } from "../lib/auth/mode";

/** Device A signs up; device B signs in as the same person; both in `mode`. */
export async function twoDevices(mode: SessionMode, person: Person, a: Device, b: Device) {
  await a.settings.switchTo(mode);
  await a.signUp.signUp(person);
  await a.header.expectSignedInAs(person.email);
  await b.settings.switchTo(mode);
  await b.signIn.signInWithPassword(person.email, person.password);
  await b.header.expectSignedInAs(person.email);
}

/** B's next request: an authenticated page either still shows the person, or sends B to sign in. */
export async function expectStillSignedIn(device: Device, person: Person, stillIn: boolean) {
  await device.account.goto();
  if (stillIn) await device.header.expectSignedInAs(person.email);
  else await expect(device.page).toHaveURL(/\/signin\?callbackUrl=(%2F|\/)account$/);
}
