import { expect, type Page } from "@playwright/test";
import type { SessionMode } from "../../lib/auth/mode";

const LABELS: Record<SessionMode, string> = { database: "Server session (database)", jwt: "Token (JWT)" };

export class SettingsPage {
  constructor(private readonly page: Page) {}

  async switchTo(mode: SessionMode) {
    await this.page.goto("/settings");
    await this.page.getByRole("radio", { name: new RegExp(`^${LABELS[mode].replace(/[()]/g, "\\$&")}`) }).check();
    await this.page.getByRole("button", { name: "Switch mode" }).click();
    await expect(this.page.getByRole("status")).toContainText(`Switched to ${LABELS[mode]}.`);
  }
}
