import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test as base, type BrowserContext } from "@playwright/test";
import pg from "pg";
import { AccountPage } from "./pages/account-page";
import { ComparePage } from "./pages/compare-page";
import { OutboxPage } from "./pages/outbox-page";
import { SettingsPage } from "./pages/settings-page";
import { SignInPage } from "./pages/sign-in-page";
import { SignUpPage } from "./pages/sign-up-page";
import { SiteHeader } from "./pages/site-header";

const DATA_DIR = ".data/e2e";
export const SESSION_COOKIE = "authjs.session-token";

export type Person = { name: string; email: string; password: string };

/** Read-only checks against the database the site under test uses. */
export class LabDatabase {
  constructor(private readonly client: pg.Client) {}

  async sessionRowsFor(email: string): Promise<{ sessionToken: string }[]> {
    const { rows } = await this.client.query<{ sessionToken: string }>(
      `SELECT s."sessionToken" FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1`,
      [email],
    );
    return rows;
  }

  async passwordHashOf(email: string): Promise<string> {
    const { rows } = await this.client.query<{ passwordHash: string }>(`SELECT "passwordHash" FROM "User" WHERE email = $1`, [
      email,
    ]);
    return rows[0]?.passwordHash ?? "";
  }
}

/** The whole session cookie value, joined from its chunks. */
export async function sessionCookieValue(context: BrowserContext): Promise<string | undefined> {
  const parts = (await context.cookies()).filter(
    (cookie) => cookie.name === SESSION_COOKIE || cookie.name.startsWith(`${SESSION_COOKIE}.`),
  );
  if (parts.length === 0) return undefined;
  return parts
    .sort((a, b) => Number(a.name.split(".").pop()) - Number(b.name.split(".").pop()))
    .map((cookie) => cookie.value)
    .join("");
}

export function localAuthSecret(): string {
  return process.env.AUTH_SECRET ?? readFileSync(path.join(DATA_DIR, "auth-secret"), "utf8").trim();
}

type Fixtures = {
  person: Person;
  signUpPage: SignUpPage;
  signInPage: SignInPage;
  settingsPage: SettingsPage;
  accountPage: AccountPage;
  comparePage: ComparePage;
  outboxPage: OutboxPage;
  header: SiteHeader;
  db: LabDatabase;
};

export const test = base.extend<Fixtures>({
  person: async ({}, use) => {
    await use({ name: "Ada Lovelace", email: `ada-${randomUUID()}@example.com`, password: "analytical engine 1843" });
  },
  signUpPage: async ({ page }, use) => use(new SignUpPage(page)),
  signInPage: async ({ page }, use) => use(new SignInPage(page)),
  settingsPage: async ({ page }, use) => use(new SettingsPage(page)),
  accountPage: async ({ page }, use) => use(new AccountPage(page)),
  comparePage: async ({ page }, use) => use(new ComparePage(page)),
  outboxPage: async ({ page }, use) => use(new OutboxPage(page)),
  header: async ({ page }, use) => use(new SiteHeader(page)),
  db: async ({}, use) => {
    const url = process.env.DATABASE_URL ?? readFileSync(path.join(DATA_DIR, "database-url"), "utf8");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await use(new LabDatabase(client));
    await client.end();
  },
});

export { expect } from "@playwright/test";
