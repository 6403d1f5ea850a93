import { signUpIn } from "./two-devices";
import { expect, test } from "./fixtures";

for (const mode of ["database", "jwt"] as const) {
  test(`an authenticated route carries Server-Timing in ${mode} mode`, async ({ deviceA, page, person }) => {
    await signUpIn(mode, person, deviceA);

    for (const path of ["/api/me", "/api/lab/probe"]) {
      const response = await page.request.get(path);
      expect(response.status()).toBe(200);
      const timing = response.headers()["server-timing"] ?? "";
      expect(timing).toMatch(new RegExp(`^auth;dur=\\d+\\.\\d{3};desc="${mode}"`));
      if (mode === "database") expect(timing).toMatch(/, db;dur=\d+\.\d{3};desc="1 query"$/);
      else expect(timing).not.toContain("db;");
    }
  });
}

test("a signed-out read still reports what it cost", async ({ request }) => {
  const response = await request.get("/api/me", { headers: { cookie: "lab-session-mode=database" } });
  expect(response.status()).toBe(401);
  expect(response.headers()["server-timing"]).toMatch(/^auth;dur=\d+\.\d{3};desc="database"$/);
});
