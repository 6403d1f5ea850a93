import { expect, test } from "./fixtures";
import { signUpIn } from "./two-devices";

const HOSTILE = [
  "/.//evil.example",
  "/..//evil.example",
  "/%2e//evil.example",
  "/%2e%2e//evil.example",
  "/a/..//evil.example",
  "//evil.example",
  "/\\evil.example",
];

test("signed in, a hostile callbackUrl on the sign-in page stays on this site", async ({ deviceA, person, page, baseURL }) => {
  await signUpIn("database", person, deviceA);
  for (const target of HOSTILE) {
    const response = await page.request.get(`/signin?callbackUrl=${encodeURIComponent(target)}`, { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(new URL(response.headers().location!, baseURL).origin).toBe(new URL(baseURL!).origin);

    await page.goto(`/signin?callbackUrl=${encodeURIComponent(target)}`);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  }
});
