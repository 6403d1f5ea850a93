import { expect, type Page } from "@playwright/test";
import type { ModeCookieValue } from "../../lib/auth/mode";
import { SETUP_CHOICE_LABELS } from "./settings-page";

/** The badge's data-store for each choice: where a server session lives; a token has none. */
const BADGE_STORES: Record<ModeCookieValue, string | null> = {
  jwt: null,
  database: "postgres",
  "database:redis": "redis",
  "database:memory": "memory",
  hybrid: "postgres",
  "hybrid:redis": "redis",
  "hybrid:memory": "memory",
};

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

  async expectMode(label: (typeof SETUP_CHOICE_LABELS)[ModeCookieValue]) {
    await expect(this.banner.getByText(label)).toBeVisible();
  }

  get modeBadge() {
    return this.banner.getByTestId("mode-badge");
  }

  /** The badge names the choice this browser is in, and carries its mode and store for scripts. */
  async expectSetup(setup: ModeCookieValue) {
    await expect(this.modeBadge).toHaveText(SETUP_CHOICE_LABELS[setup]);
    await expect(this.modeBadge).toHaveAttribute("data-mode", setup.split(":")[0] ?? setup);
    const store = BADGE_STORES[setup];
    if (store) await expect(this.modeBadge).toHaveAttribute("data-store", store);
    else await expect(this.modeBadge).not.toHaveAttribute("data-store");
  }

  async signOut() {
    await this.banner.getByRole("button", { name: "Sign out" }).click();
    await this.expectSignedOut();
  }
}
