import { expect, type Page } from "@playwright/test";

export class DevicesPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/sessions");
    await expect(this.page.getByRole("heading", { name: "Your devices" })).toBeVisible();
  }

  rows(kind: "session" | "token") {
    return this.page.getByTestId(`device-${kind}`);
  }

  /** What the page says about sessions kept in another server's memory, which it cannot list. */
  memorySessionsNote() {
    return this.page.getByTestId("memory-sessions-note");
  }

  otherRow(kind: "session" | "token") {
    return this.page.locator(`[data-testid="device-${kind}"][data-current="false"]`);
  }

  /** Rows of `kind` whose "Kept as" cell says exactly `keptAs` (e.g. "Session in Redis"). */
  rowsKeptAs(kind: "session" | "token", keptAs: string) {
    return this.rows(kind).filter({ has: this.page.getByRole("cell", { name: keptAs, exact: true }) });
  }

  async revokeOther(kind: "session" | "token") {
    await this.goto();
    await this.otherRow(kind)
      .getByRole("button", { name: /^Revoke/ })
      .click();
    await expect(this.page.getByRole("status")).toContainText("Revoked.");
  }

  /** What a revoked token sees instead of the list. */
  async expectRevokedHere() {
    await expect(this.page.getByRole("heading", { name: "This device's sign-in was revoked" })).toBeVisible();
    await expect(this.page.getByRole("heading", { name: "Your devices" })).toHaveCount(0);
  }

  async expectRevocationCheck(on: boolean) {
    await this.goto();
    await expect(this.page.getByTestId("revocation-check")).toHaveText(on ? "on" : "off");
  }

  async signOutAllOthers() {
    await this.goto();
    await this.page.getByRole("button", { name: "Sign out all other devices" }).click();
    await expect(this.page.getByRole("status")).toContainText(/Revoked \d+ other/);
  }

  /** The apps holding tokens for the person (their OAuth grants). */
  apps() {
    return this.page.getByRole("region", { name: "Apps with access (OAuth)" });
  }

  /** The row of each grant `client` (its name, e.g. "Lab command-line tool") holds. */
  appRows(client: string) {
    return this.apps()
      .getByRole("row")
      .filter({ has: this.page.getByRole("rowheader", { name: client, exact: true }) });
  }

  /** What the page says about access tokens that outlive a revocation. */
  accessTokenWindow() {
    return this.apps().getByTestId("oauth-revocation-window");
  }

  /** Revokes the one grant `client` holds, from the page as it is. */
  async revokeApp(client: string) {
    await this.appRows(client)
      .getByRole("button", { name: new RegExp(`^Revoke ${client}`) })
      .click();
    await expect(this.page.getByRole("status")).toContainText("That app's refresh tokens stopped working now");
  }
}
