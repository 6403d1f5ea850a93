import { expect, type Page } from "@playwright/test";

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/signin");
  }

  async signInWithPassword(email: string, password: string) {
    await this.goto();
    const form = this.page.getByRole("form", { name: "Email and password" });
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Password").fill(password);
    await form.getByRole("button", { name: "Sign in" }).click();
  }

  async requestMagicLink(email: string) {
    await this.goto();
    const form = this.page.getByRole("form", { name: "Email me a sign-in link" });
    await form.getByLabel("Email for the link").fill(email);
    await form.getByRole("button", { name: "Send link" }).click();
    await expect(this.page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  }

  /** After a right password for an unconfirmed address: email the confirmation link again. */
  async resendConfirmation() {
    await this.page.getByRole("button", { name: "Send the link again" }).click();
    await expect(this.page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  }

  /** The form-level message (Next's route announcer is an alert too, outside main). */
  alert() {
    return this.page.getByRole("main").getByRole("alert");
  }
}
