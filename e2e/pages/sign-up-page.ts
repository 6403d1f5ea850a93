import type { Page } from "@playwright/test";

export class SignUpPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/signup");
  }

  async signUp(person: { name?: string; email: string; password: string }) {
    await this.goto();
    if (person.name) await this.page.getByLabel("Name (optional)").fill(person.name);
    await this.page.getByLabel("Email").fill(person.email);
    await this.page.getByLabel("Password").fill(person.password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }
}
