import { expect, type Device, type Person } from "./fixtures";
import type { SessionMode } from "../lib/auth/mode";

/** A new person signs up on `device` in `mode`, and is signed in. */
export async function signUpIn(mode: SessionMode, person: Person, device: Device) {
  await device.settings.switchTo(mode);
  await device.signUp.signUp(person);
  await device.header.expectSignedInAs(person.email);
}

/** Device A signs up; device B signs in as the same person; both in `mode`. */
export async function twoDevices(mode: SessionMode, person: Person, a: Device, b: Device) {
  await signUpIn(mode, person, a);
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
