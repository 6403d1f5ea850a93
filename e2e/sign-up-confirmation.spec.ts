import { expect, test } from "./fixtures";
import { OutboxPage } from "./pages/outbox-page";
import { SignInPage } from "./pages/sign-in-page";
import { SignUpPage } from "./pages/sign-up-page";
import { SiteHeader } from "./pages/site-header";

const NOT_CONFIRMED =
  "Your email address is not confirmed yet. Open the link we emailed you when you signed up, or send a new one below.";
const NO_MATCH = "That email and password do not match an account. Check both and try again.";

test("sign-up signs nobody in until the emailed link is opened, and the link keeps the chosen password", async ({
  person,
  signUpPage,
  signInPage,
  outboxPage,
  header,
}) => {
  await signUpPage.submit(person);
  await expect(signUpPage.checkEmailHeading()).toBeVisible();
  await header.expectSignedOut();
  await outboxPage.goto();
  await expect(outboxPage.newestMessageFor(person.email)).toContainText("Confirm your email for Session vs Token Lab");

  // The password alone does not open an unconfirmed account; the form says why and offers the link again.
  await signInPage.signInWithPassword(person.email, person.password);
  await expect(signInPage.alert()).toHaveText(NOT_CONFIRMED);
  await header.expectSignedOut();
  await signInPage.resendConfirmation();
  await outboxPage.goto();
  await expect(outboxPage.messagesFor(person.email)).toHaveCount(2);

  await outboxPage.openLinkFor(person.email);
  await header.expectSignedInAs(person.email);
  await header.signOut();
  await signInPage.signInWithPassword(person.email, person.password);
  await header.expectSignedInAs(person.email);
});

test("a taken address gets the same answer, and its owner an email saying so", async ({
  browser,
  person,
  signUpPage,
  outboxPage,
  header,
  db,
}) => {
  await signUpPage.signUp(person);
  await header.expectSignedInAs(person.email);
  const ownersHash = await db.passwordHashOf(person.email);

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  const strangerSignUp = new SignUpPage(strangerPage);
  await strangerSignUp.submit({ ...person, password: "a different password 2" });
  await expect(strangerSignUp.checkEmailHeading()).toBeVisible();
  await expect(strangerPage.getByRole("main")).not.toContainText(/already|exists|taken/i);

  await outboxPage.goto();
  await expect(outboxPage.newestMessageFor(person.email)).toContainText("You already have an account at Session vs Token Lab");
  expect(await db.passwordHashOf(person.email)).toBe(ownersHash);
  const strangerSignIn = new SignInPage(strangerPage);
  await strangerSignIn.signInWithPassword(person.email, "a different password 2");
  await expect(strangerSignIn.alert()).toHaveText(NO_MATCH);
  await stranger.close();
});

test("pre-hijacking: an address claimed by someone else's sign-up is taken back by its owner's link, and the other password stops working", async ({
  browser,
  person,
  signInPage,
  outboxPage,
  header,
  db,
}) => {
  // The attacker signs up first with the owner's address and a password of their own.
  const attacker = await browser.newContext();
  const attackerPage = await attacker.newPage();
  const attackerPassword = "attacker password 9";
  const attackerSignUp = new SignUpPage(attackerPage);
  await attackerSignUp.submit({ name: "Mallory", email: person.email, password: attackerPassword });
  await expect(attackerSignUp.checkEmailHeading()).toBeVisible();
  const attackersLink = await new OutboxPage(attackerPage).newestLinkFor(person.email);
  const attackerSignIn = new SignInPage(attackerPage);
  await attackerSignIn.signInWithPassword(person.email, attackerPassword);
  await expect(attackerSignIn.alert()).toHaveText(NOT_CONFIRMED);
  await new SiteHeader(attackerPage).expectSignedOut();

  // The owner asks for a sign-in link, as anyone may, and opens it from their inbox.
  await signInPage.requestMagicLink(person.email);
  await outboxPage.openLinkFor(person.email);
  await header.expectSignedInAs(person.email);
  expect(await db.passwordHashOf(person.email)).toBe("");

  await attackerSignIn.signInWithPassword(person.email, attackerPassword);
  await expect(attackerSignIn.alert()).toHaveText(NO_MATCH);
  // The sign-up's own confirmation link was voided by the newer one, so it cannot bring the password back.
  await attackerPage.goto(attackersLink);
  await expect(attackerPage.getByRole("main").getByRole("alert")).toHaveText(
    "That sign-in link has expired or was already used. Ask for a new one below.",
  );
  expect(await db.passwordHashOf(person.email)).toBe("");
  await attacker.close();
});
