import { expect, type Page } from "@playwright/test";
import type { SessionMode } from "../../lib/auth/mode";

const LABELS: Record<SessionMode, string> = { database: "Server session (database)", jwt: "Token (JWT)" };

export class SettingsPage {
  constructor(private readonly page: Page) {}

  async switchTo(mode: SessionMode) {
    await this.submitSwitch(mode);
    await expect(this.page.getByRole("status")).toContainText(`Switched to ${LABELS[mode]}.`);
  }

  /** Asks to switch and expects it refused with `message`. */
  async expectSwitchRefused(mode: SessionMode, message: string | RegExp) {
    await this.submitSwitch(mode);
    // Scoped to the page's content: Next's route announcer is an alert too.
    await expect(this.page.getByRole("main").getByRole("alert")).toContainText(message);
  }

  private async submitSwitch(mode: SessionMode) {
    await this.page.goto("/settings");
    await this.page.getByRole("radio", { name: new RegExp(`^${LABELS[mode].replace(/[()]/g, "\\$&")}`) }).check();
    await this.page.getByRole("button", { name: "Switch mode" }).click();
  }
}
