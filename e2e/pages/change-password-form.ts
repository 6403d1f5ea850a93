import { expect, type Page } from "@playwright/test";

export class ChangePasswordForm {
  constructor(private readonly page: Page) {}

  async change(currentPassword: string, newPassword: string) {
    const form = await this.submit(currentPassword, newPassword);
    await expect(form.getByRole("status")).toContainText("Password changed.");
  }

  /** Submits the form and expects it refused with `message`. */
  async expectRefused(currentPassword: string, newPassword: string, message: string | RegExp) {
    const form = await this.submit(currentPassword, newPassword);
    await expect(form.getByRole("alert")).toContainText(message);
  }

  private async submit(currentPassword: string, newPassword: string) {
    await this.page.goto("/settings");
    const form = this.page.getByRole("form", { name: "Change password" });
    await form.getByLabel("Current password").fill(currentPassword);
    await form.getByLabel("New password").fill(newPassword);
    await form.getByRole("button", { name: "Change password" }).click();
    return form;
  }
}
