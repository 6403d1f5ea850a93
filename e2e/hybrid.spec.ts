import { expect, test } from "./fixtures";

const TOKEN_COOKIE = "lab-hybrid-token";

test("hybrid mode: switching keeps the person signed in, the first read issues the short-lived token, later reads carry it", async ({
  person,
  deviceA,
}) => {
  await deviceA.signUp.signUp(person);
  for (const setup of ["hybrid", "hybrid:redis", "hybrid:memory"] as const) {
    await deviceA.settings.switchTo(setup);
    await deviceA.header.expectSignedInAs(person.email);
    await deviceA.header.expectSetup(setup);
    // The switch cleared any token of the old session; the open page, whose read had to look the new session up,
    // asks /api/me at once, which issues one.
    const context = deviceA.page.context();
    await expect.poll(async () => (await context.cookies()).some((cookie) => cookie.name === TOKEN_COOKIE)).toBe(true);
    const first = await deviceA.page.request.get("/api/me");
    expect(first.status()).toBe(200);
    const tokenCookie = (await context.cookies()).find((cookie) => cookie.name === TOKEN_COOKIE);
    expect(tokenCookie?.httpOnly).toBe(true);
    expect(tokenCookie?.sameSite).toBe("Lax");
    const second = await deviceA.page.request.get("/api/me");
    expect(second.status()).toBe(200);
    expect(second.headers()["set-cookie"] ?? "").not.toContain(TOKEN_COOKIE);
    expect(second.headers()["server-timing"]).not.toContain("db;");
    // Pages read the same token: the account page names the session without looking it up.
    await deviceA.account.goto();
    await expect(deviceA.page.getByTestId("session-row-source")).toHaveText(/^Not looked up on this request/);
  }
  await deviceA.devices.goto();
  await expect(deviceA.page.getByTestId("hybrid-revocation-window")).toContainText("signed out within 1 minute");
  // Signing out ends the session and takes the token with it.
  await deviceA.header.signOut();
  expect((await deviceA.page.context().cookies()).map((cookie) => cookie.name)).not.toContain(TOKEN_COOKIE);
  expect((await deviceA.page.request.get("/api/me")).status()).toBe(401);
});

test("switching between every mode, hybrid included, keeps the person signed in with one live credential", async ({
  person,
  deviceA,
  db,
}) => {
  await deviceA.signUp.signUp(person);
  // Into hybrid and out of it: from a server session, from a token, across stores, and back to the default.
  for (const setup of ["hybrid", "jwt", "hybrid:redis", "database:memory", "hybrid:memory", "hybrid", "database"] as const) {
    await deviceA.settings.switchTo(setup);
    await deviceA.header.expectSignedInAs(person.email);
    await deviceA.header.expectSetup(setup);
    const me = await deviceA.page.request.get("/api/me");
    expect(me.status(), setup).toBe(200);
    const hasToken = (await deviceA.page.context().cookies()).some((cookie) => cookie.name === TOKEN_COOKIE);
    expect(hasToken, setup).toBe(setup.startsWith("hybrid"));
    await deviceA.devices.goto();
    await expect(deviceA.devices.rows("session")).toHaveCount(setup === "jwt" ? 0 : 1);
  }
  expect(await db.sessionRowsFor(person.email)).toHaveLength(1);
});
