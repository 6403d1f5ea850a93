import { expect, test } from "./fixtures";

// The forms call Auth.js in-process; over HTTP its sign-in-link endpoint is closed.
// Unique per run, so rows from any earlier run cannot be mistaken for rows this one wrote.
const run = crypto.randomUUID().slice(0, 8);
const HOSTILE_ADDRESSES = {
  "x@y": `x${run}@y`,
  "a 10 KB address": `${"a".repeat(10_000)}${run}@example.com`,
  "an HTML tag": `<img src=x onerror=alert(1)>${run}@example.com`,
  "a well-formed address": `well-formed-${run}@example.com`,
};

for (const [label, email] of Object.entries(HOSTILE_ADDRESSES)) {
  test(`POST /api/auth/signin/nodemailer is refused and writes nothing: ${label}`, async ({ request, db, baseURL }) => {
    const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await request.post("/api/auth/signin/nodemailer", {
      form: { csrfToken: csrf.csrfToken, email, callbackUrl: "/account" },
      // As a browser's form post would: past the front door's Origin check, to Auth.js's own refusal.
      headers: { origin: baseURL! },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(405);
    expect(await response.json()).toEqual({
      error: "This sign-in endpoint does not accept POST requests. Use the forms at /signin and /signup.",
    });
    // Auth.js would have stored the address as it normalises it; nothing is stored under either form.
    for (const stored of new Set([email, email.toLowerCase().trim()])) {
      expect(await db.linksAndEmailsFor(stored)).toEqual({ links: 0, emails: 0 });
    }
  });
}

test("the magic-link form refuses a malformed address, and sends a link for a good one", async ({ page, person, signInPage }) => {
  await signInPage.goto();
  const form = page.getByRole("form", { name: "Email me a sign-in link" });
  await form.getByLabel("Email for the link").fill("x@y");
  await form.getByRole("button", { name: "Send link" }).click();
  await expect(form.getByLabel("Email for the link")).toHaveAccessibleDescription(
    "Enter a valid email address, like ada@example.com.",
  );
  await signInPage.requestMagicLink(person.email);
});
