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
    // The switch cleared any token of the old session; the first JSON read looks the new session up and issues one.
    const context = deviceA.page.context();
    const first = await deviceA.page.request.get("/api/me");
    expect(first.status()).toBe(200);
    const tokenCookie = (await context.cookies()).find((cookie) => cookie.name === TOKEN_COOKIE);
    expect(tokenCookie?.httpOnly).toBe(true);
    expect(tokenCookie?.sameSite).toBe("Lax");
    const second = await deviceA.page.request.get("/api/me");
    expect(second.status()).toBe(200);
    expect(second.headers()["set-cookie"] ?? "").not.toContain(TOKEN_COOKIE);
    expect(second.headers()["server-timing"]).not.toContain("db;");
  }
  await deviceA.devices.goto();
  await expect(deviceA.page.getByTestId("hybrid-revocation-window")).toContainText("signed out within 1 minute");
});
