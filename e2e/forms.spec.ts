import { expect, test } from "./fixtures";

test("sign-up explains a malformed email, a weak password and control characters", async ({ page, person, signUpPage }) => {
  await signUpPage.submit({ ...person, email: "not-an-email", password: "short1" });
  await expect(page.getByLabel("Email")).toHaveAccessibleDescription("Enter a valid email address, like ada@example.com.");
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/Use at least 10 characters\.$/);
  await expect(page.getByLabel("Email")).toHaveValue("not-an-email");

  await signUpPage.submit({ ...person, password: "onlyletterspassword" });
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/Mix letters with at least one digit or symbol\.$/);

  // A NUL in a name used to reach PostgreSQL, which refused it with a 500.
  await signUpPage.submit({ ...person, name: "Ada\u0000Lovelace" });
  await expect(page.getByLabel("Name (optional)")).toHaveAccessibleDescription(
    "Remove the control characters (like tabs or line breaks) from the name, then try again.",
  );
  await expect(signUpPage.checkEmailHeading()).toBeHidden();
});

test("a wrong password and an unknown email get the same message", async ({ person, signUpPage, signInPage, header }) => {
  await signUpPage.signUp(person);
  await header.signOut();

  await signInPage.signInWithPassword(person.email, "not the password 1");
  await expect(signInPage.alert()).toHaveText("That email and password do not match an account. Check both and try again.");
  const wrongPassword = await signInPage.alert().textContent();

  await signInPage.signInWithPassword(`nobody-${person.email}`, person.password);
  await expect(signInPage.alert()).toHaveText(wrongPassword!);
  await header.expectSignedOut();
});

test("the sign-in form validates on the server and keeps the email", async ({ page, signInPage }) => {
  await signInPage.signInWithPassword("ada@", "");
  const form = page.getByRole("form", { name: "Email and password" });
  await expect(form.getByLabel("Email")).toHaveAccessibleDescription("Enter a valid email address, like ada@example.com.");
  await expect(form.getByLabel("Password")).toHaveAccessibleDescription("Enter your password.");
  await expect(form.getByLabel("Email")).toHaveValue("ada@");
});

test("a used magic link is refused with a clear message", async ({ page, person, signInPage, outboxPage, header }) => {
  await signInPage.requestMagicLink(person.email);
  await outboxPage.openLinkFor(person.email);
  await header.expectSignedInAs(person.email);
  const usedLink = page.url();
  await header.signOut();
  await page.goto("/dev/outbox");
  const href = await page
    .getByRole("link", { name: `Sign-in link for ${person.email}` })
    .first()
    .getAttribute("href");
  await page.goto(href!);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "That sign-in link has expired or was already used. Ask for a new one below.",
  );
  await header.expectSignedOut();
  expect(usedLink).not.toContain("token=");
});
