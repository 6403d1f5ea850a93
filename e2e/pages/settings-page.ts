import { expect, type Page } from "@playwright/test";
import type { ModeCookieValue } from "../../lib/auth/mode";

/** The choices, by the mode cookie's value: a token, or a server session (alone or behind a hybrid token) in one of three stores. */
export const SETUP_CHOICE_LABELS = {
  jwt: "Token (JWT)",
  database: "Server session (database)",
  "database:redis": "Server session (Redis)",
  "database:memory": "Server session (this server's memory)",
  hybrid: "Hybrid (token + PostgreSQL session)",
  "hybrid:redis": "Hybrid (token + Redis session)",
  "hybrid:memory": "Hybrid (token + session in this server's memory)",
} as const satisfies Record<ModeCookieValue, string>;

export class SettingsPage {
  constructor(private readonly page: Page) {}

  async switchTo(mode: ModeCookieValue) {
    await this.submitSwitch(mode);
    await expect(this.page.getByRole("status")).toContainText(`Switched to ${SETUP_CHOICE_LABELS[mode]}.`);
  }

  /** Asks to switch and expects it refused with `message`. */
  async expectSwitchRefused(mode: ModeCookieValue, message: string | RegExp) {
    await this.submitSwitch(mode);
    // Scoped to the page's content: Next's route announcer is an alert too.
    await expect(this.page.getByRole("main").getByRole("alert")).toContainText(message);
  }

  private async submitSwitch(mode: ModeCookieValue) {
    await this.page.goto("/settings");
    await this.page.getByRole("radio", { name: new RegExp(`^${SETUP_CHOICE_LABELS[mode].replace(/[()+]/g, "\\$&")}`) }).check();
    await this.page.getByRole("button", { name: "Switch mode" }).click();
  }
}
