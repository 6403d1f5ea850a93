import { expect, type Page } from "@playwright/test";

/** The site's consent page for an OAuth client (/oidc/interaction/<uid>/consent). */
export class ConsentPage {
  constructor(private readonly page: Page) {}

  /** The page names the client and lists every scope it asks for. */
  async expectRequest(clientName: string, scopes: string[]) {
    await expect(this.page.getByRole("heading", { name: `Allow ${clientName} to use your account?` })).toBeVisible();
    const requested = this.page.getByRole("list", { name: "Requested access" }).getByRole("listitem");
    await expect(requested).toHaveCount(scopes.length);
    for (const scope of scopes)
      await expect(requested.filter({ has: this.page.getByText(scope, { exact: true }) })).toHaveCount(1);
  }

  async allow() {
    await this.page.getByRole("button", { name: "Allow" }).click();
  }

  async deny() {
    await this.page.getByRole("button", { name: "Deny" }).click();
  }
}
