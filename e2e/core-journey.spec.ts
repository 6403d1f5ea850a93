import { expect, sessionCookieValue, sha256Hex, test } from "./fixtures";
import type { SessionMode } from "../lib/auth/mode";

const MODE_LABEL: Record<Exclude<SessionMode, "hybrid">, "Server session (database)" | "Token (JWT)"> = {
  database: "Server session (database)",
  jwt: "Token (JWT)",
};

for (const mode of ["database", "jwt"] as const) {
  test.describe(`${MODE_LABEL[mode]} mode`, () => {
    test("sign up, sign out, then sign in again", async ({
      page,
      context,
      person,
      settingsPage,
      signUpPage,
      signInPage,
      accountPage,
      header,
      db,
    }) => {
      await settingsPage.switchTo(mode);
      await header.expectSignedOut();

      await signUpPage.signUp(person);
      await expect(accountPage.heading).toBeVisible();
      await header.expectSignedInAs(person.email);
      await header.expectMode(MODE_LABEL[mode]);
      await expect(accountPage.mode).toHaveText(MODE_LABEL[mode]);
      await expect(accountPage.readStages).toHaveAccessibleName(new RegExp(`Lean read: [\\d,]+ µs, of which`));

      const cookie = await sessionCookieValue(context);
      expect(cookie?.split(".")).toHaveLength(mode === "jwt" ? 5 : 1);
      const rows = await db.sessionRowsFor(person.email);
      expect(rows).toHaveLength(mode === "database" ? 1 : 0);
      if (mode === "database") {
        // The table keeps only a hash: the cookie's value is nowhere in it.
        expect(rows.map((row) => row.sessionToken)).toEqual([sha256Hex(cookie!)]);
        expect(await db.rowsHoldingToken(cookie!)).toBe(0);
        await expect(accountPage.sessionRow).toContainText(cookie!.slice(0, 8));
      } else {
        await expect(accountPage.jwtClaims).toContainText(person.email);
      }

      await header.signOut();
      await header.expectSignedOut();
      expect(await sessionCookieValue(context)).toBeUndefined();
      expect(await db.sessionRowsFor(person.email)).toHaveLength(0);

      await signInPage.signInWithPassword(person.email, person.password);
      await expect(accountPage.heading).toBeVisible();
      await header.expectSignedInAs(person.email);
      expect(await db.sessionRowsFor(person.email)).toHaveLength(mode === "database" ? 1 : 0);
      await expect(page.getByTestId("cookie-size")).toHaveText(/^\d+ bytes$/);
    });

    test("sign in by magic link through the outbox", async ({
      person,
      settingsPage,
      signInPage,
      outboxPage,
      accountPage,
      header,
      db,
    }) => {
      await settingsPage.switchTo(mode);
      await signInPage.requestMagicLink(person.email);

      await outboxPage.openLinkFor(person.email);
      await header.expectSignedInAs(person.email);
      await accountPage.goto();
      await expect(accountPage.mode).toHaveText(MODE_LABEL[mode]);
      expect(await db.sessionRowsFor(person.email)).toHaveLength(mode === "database" ? 1 : 0);
    });
  });
}

test("switch database → jwt → database while signed in, staying signed in", async ({
  context,
  person,
  settingsPage,
  signUpPage,
  accountPage,
  header,
  db,
}) => {
  await settingsPage.switchTo("database");
  await signUpPage.signUp(person);
  await header.expectSignedInAs(person.email);
  const opaque = await sessionCookieValue(context);
  expect(opaque?.split(".")).toHaveLength(1);
  expect((await db.sessionRowsFor(person.email)).map((row) => row.sessionToken)).toEqual([sha256Hex(opaque!)]);

  await settingsPage.switchTo("jwt");
  await header.expectSignedInAs(person.email);
  await header.expectMode("Token (JWT)");
  expect((await sessionCookieValue(context))?.split(".")).toHaveLength(5);
  expect(await db.sessionRowsFor(person.email)).toHaveLength(0);
  await accountPage.goto();
  await expect(accountPage.jwtClaims).toContainText(person.email);

  await settingsPage.switchTo("database");
  await header.expectSignedInAs(person.email);
  const reissued = await sessionCookieValue(context);
  expect(reissued?.split(".")).toHaveLength(1);
  expect(reissued).not.toBe(opaque);
  expect((await db.sessionRowsFor(person.email)).map((row) => row.sessionToken)).toEqual([sha256Hex(reissued!)]);
  await accountPage.goto();
  await expect(accountPage.mode).toHaveText("Server session (database)");
});
