import { expect, type Page } from "@playwright/test";

export class SiteHeader {
  constructor(private readonly page: Page) {}

  get banner() {
    return this.page.getByRole("banner");
  }

  async expectSignedInAs(email: string) {
    await expect(this.banner.getByText(`Signed in as ${email}`)).toBeVisible();
  }

  async expectSignedOut() {
    await expect(this.banner.getByText("Signed out")).toBeVisible();
  }

  async expectMode(label: "Server session (database)" | "Token (JWT)") {
    await expect(this.banner.getByText(label)).toBeVisible();
  }

  async signOut() {
    await this.banner.getByRole("button", { name: "Sign out" }).click();
    await this.expectSignedOut();
  }
}
