import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import pg from "pg";
import { AccountPage } from "./pages/account-page";
import { ComparePage } from "./pages/compare-page";
import { ChangePasswordForm } from "./pages/change-password-form";
import { DevicesPage } from "./pages/devices-page";
import { OutboxPage } from "./pages/outbox-page";
import { SettingsPage } from "./pages/settings-page";
import { SignInPage } from "./pages/sign-in-page";
import { SignUpPage } from "./pages/sign-up-page";
import { SiteHeader } from "./pages/site-header";
import { watchCspViolations } from "./csp-watch";

export const SESSION_COOKIE = "authjs.session-token";

export type Person = { name: string; email: string; password: string };

/** What the Session table should hold for a cookie's token (SHA-256, hex), computed independently. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

const LAB_TABLES = ["User", "Account", "Session", "IssuedToken", "VerificationToken", "OutboxMessage", "BffSession"] as const;
type LabTable = (typeof LAB_TABLES)[number];

/** Checks against the database the site under test uses. */
class LabDatabase {
  constructor(private readonly client: pg.Client) {}

  /** Rows in one of the site's tables, to prove rejected input wrote nothing. */
  async count(table: LabTable): Promise<number> {
    const { rows } = await this.client.query<{ count: string }>(`SELECT count(*) FROM "${table}"`);
    return Number(rows[0]!.count);
  }

  /** Row counts of every table that input can write to. */
  async counts(): Promise<Record<LabTable, number>> {
    const entries = await Promise.all(LAB_TABLES.map(async (table) => [table, await this.count(table)] as const));
    return Object.fromEntries(entries) as Record<LabTable, number>;
  }

  async sessionRowsFor(email: string): Promise<{ id: string; sessionToken: string }[]> {
    const { rows } = await this.client.query<{ id: string; sessionToken: string }>(
      `SELECT s.id, s."sessionToken" FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1`,
      [email],
    );
    return rows;
  }

  async sessionRowExists(id: string): Promise<boolean> {
    return ((await this.client.query(`SELECT 1 FROM "Session" WHERE id = $1`, [id])).rowCount ?? 0) === 1;
  }

  async liveTokenGrantsFor(email: string): Promise<number> {
    const { rowCount } = await this.client.query(
      `SELECT 1 FROM "IssuedToken" t JOIN "User" u ON u.id = t."userId" WHERE u.email = $1 AND t."revokedAt" IS NULL`,
      [email],
    );
    return rowCount ?? 0;
  }

  async rowsHoldingToken(token: string): Promise<number> {
    return (await this.client.query(`SELECT 1 FROM "Session" WHERE "sessionToken" = $1`, [token])).rowCount ?? 0;
  }

  /** Sign-in links stored and outbox emails kept for one address. */
  async linksAndEmailsFor(email: string): Promise<{ links: number; emails: number }> {
    const count = async (sql: string) => Number((await this.client.query<{ n: string }>(sql, [email])).rows[0]!.n);
    return {
      links: await count(`SELECT count(*) AS n FROM "VerificationToken" WHERE identifier = $1`),
      emails: await count(`SELECT count(*) AS n FROM "OutboxMessage" WHERE "to" = $1`),
    };
  }

  /** A confirmed person with the same password as `email`'s, made directly in the database. */
  async createPersonWithPasswordOf(email: string, newEmail: string): Promise<void> {
    await this.client.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", "emailVerified", "updatedAt")
       SELECT $2, $3, name, "passwordHash", now(), now() FROM "User" WHERE email = $1`,
      [email, `c${randomUUID().replaceAll("-", "").slice(0, 24)}`, newEmail],
    );
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

export function localAuthSecret(dataDir = ".data/e2e"): string {
  return process.env.AUTH_SECRET ?? readFileSync(path.join(dataDir, "auth-secret"), "utf8").trim();
}

/** The page objects of one browser: one device of a person. */
export function deviceOf(page: Page) {
  return {
    page,
    header: new SiteHeader(page),
    settings: new SettingsPage(page),
    signUp: new SignUpPage(page),
    signIn: new SignInPage(page),
    account: new AccountPage(page),
    devices: new DevicesPage(page),
    password: new ChangePasswordForm(page),
  };
}
export type Device = ReturnType<typeof deviceOf>;

type Options = {
  /** The data folder of the server under test (its database URL and secret live there). */
  labDataDir: string;
};

type Fixtures = {
  person: Person;
  /** This test's own client address, sent as X-Forwarded-For (believed only by the server that trusts one proxy hop). */
  clientAddress: string;
  signUpPage: SignUpPage;
  signInPage: SignInPage;
  settingsPage: SettingsPage;
  accountPage: AccountPage;
  comparePage: ComparePage;
  outboxPage: OutboxPage;
  header: SiteHeader;
  db: LabDatabase;
  /** This test's browser, and a second, separate one (its own cookies): two devices of one person. */
  deviceA: Device;
  deviceB: Device;
};

export const test = base.extend<Options & Fixtures>({
  labDataDir: [".data/e2e", { option: true }],
  // Every test runs under the site's real CSP: a blocked script or style fails it.
  page: async ({ page }, use) => {
    const violations = watchCspViolations(page);
    await use(page);
    expect(violations, "CSP violations in the console").toEqual([]);
  },
  // Each test is its own client there, so rate limits never carry over between tests or runs.
  clientAddress: async ({}, use) => {
    const group = () => Math.floor(Math.random() * 0x10000).toString(16);
    await use(`2001:db8:${group()}:${group()}::${group()}`);
  },
  extraHTTPHeaders: async ({ clientAddress }, use) => use({ "x-forwarded-for": clientAddress }),
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
  deviceA: async ({ page }, use) => use(deviceOf(page)),
  deviceB: async ({ browser }, use) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = watchCspViolations(page);
    await use(deviceOf(page));
    await context.close();
    expect(violations, "CSP violations in the console").toEqual([]);
  },
  db: async ({ labDataDir }, use) => {
    const url = process.env.DATABASE_URL ?? readFileSync(path.join(labDataDir, "database-url"), "utf8");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await use(new LabDatabase(client));
    await client.end();
  },
});

export { expect } from "@playwright/test";
