import { expect, test } from "@playwright/test";

const GARBAGE = [
  "garbage",
  "a.b.c.d.e",
  "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..AAAA.BBBB.CCCC",
  "%00%ff",
  "x".repeat(3000),
];

for (const mode of ["database", "jwt", "hybrid", "nonsense"]) {
  for (const value of GARBAGE) {
    test(`a garbage session cookie in mode cookie "${mode}" counts as signed out (${value.slice(0, 12)})`, async ({
      request,
    }) => {
      // In hybrid, garbage in the token cookie too: neither cookie may get anyone in, or break the read.
      const hybridToken = mode === "hybrid" ? `; lab-hybrid-token=${value}` : "";
      const headers = { cookie: `lab-session-mode=${mode}; authjs.session-token=${value}${hybridToken}` };
      const me = await request.get("/api/me", { headers });
      expect(me.status()).toBe(401);
      const body = (await me.json()) as { error?: string; mode?: string };
      expect(body.error).toBe("Not signed in");
      // An unknown mode falls back to the default (database unless AUTH_DEFAULT_MODE says otherwise).
      expect(body.mode).toBe(mode === "nonsense" ? "database" : mode);

      const account = await request.get("/account", { headers, maxRedirects: 0 });
      expect(account.status()).toBe(307);
      expect(account.headers().location).toContain("/signin");

      const session = await request.get("/api/auth/session", { headers });
      expect(session.status()).toBe(200);
      expect(await session.json()).toBeNull();
    });
  }
}

test("a tampered form post gets a clear page, never a stack trace", async ({ request }) => {
  const response = await request.post("/settings", { form: { mode: "root" }, headers: { "next-action": "bogus" } });
  expect(response.status()).toBeLessThan(500);
  expect(await response.text()).not.toMatch(/at .*\.js:\d+|node_modules/);
});

test("forged host headers and control characters in callbackUrl never break a page", async ({ request }) => {
  const forged = await request.get("/signin", { headers: { "x-forwarded-host": "[not a host", "x-forwarded-proto": "ht tp" } });
  expect(forged.status()).toBe(200);
  for (const callbackUrl of ["/%0A/evil.com", "/%09/evil.com", "//evil.com", "https://evil.com"]) {
    const response = await request.get(`/signin?callbackUrl=${callbackUrl}`);
    expect(response.status()).toBe(200);
    // Both sign-in forms fall back to the account page as their target.
    expect((await response.text()).match(/name="callbackUrl" value="([^"]*)"/g)).toEqual([
      'name="callbackUrl" value="/account"',
      'name="callbackUrl" value="/account"',
    ]);
  }
});
