import { signUpIn } from "./two-devices";
import { expect, localAuthSecret, sessionCookieValue, test } from "./fixtures";

for (const mode of ["database", "jwt"] as const) {
  test(`no password hash, session token or secret leaves the server in ${mode} mode`, async ({
    deviceA,
    page,
    context,
    person,
    db,
  }) => {
    await signUpIn(mode, person, deviceA);

    const token = (await sessionCookieValue(context))!;
    const passwordHash = await db.passwordHashOf(person.email);
    const secret = localAuthSecret();
    expect(passwordHash).toMatch(/^scrypt\$/);

    const sessionJson: unknown = await (await page.request.get("/api/auth/session")).json();
    expect(sessionJson).toEqual({
      user: { id: expect.any(String), name: person.name, email: person.email, image: null },
      expires: expect.any(String),
    });
    const me = await page.request.get("/api/me");
    expect(me.status()).toBe(200);

    const bodies = [JSON.stringify(sessionJson), await me.text()];
    for (const path of ["/", "/account", "/settings", "/sessions", "/compare"]) {
      const response = await page.request.get(path);
      expect(response.status()).toBe(200);
      bodies.push(await response.text());
    }
    for (const body of bodies) {
      expect(body).toContain(person.email);
      expect(body).not.toContain(token);
      expect(body).not.toContain(passwordHash);
      expect(body).not.toContain("scrypt$");
      expect(body).not.toContain(secret);
    }
  });
}
