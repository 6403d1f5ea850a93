import { expect, type Page } from "@playwright/test";
import { OutboxPage } from "./outbox-page";

type NewPerson = { name?: string; email: string; password: string };

export class SignUpPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/signup");
  }

  /** Fills in and sends the form, and nothing more: the page then shows errors, or asks to check email. */
  async submit(person: NewPerson) {
    await this.goto();
    if (person.name) await this.page.getByLabel("Name (optional)").fill(person.name);
    await this.page.getByLabel("Email").fill(person.email);
    await this.page.getByLabel("Password").fill(person.password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }

  checkEmailHeading() {
    return this.page.getByRole("heading", { name: "Check your email to finish" });
  }

  /** The whole journey: the form, then the confirmation link from the development outbox, which signs the person in. */
  async signUp(person: NewPerson) {
    await this.submit(person);
    await expect(this.checkEmailHeading()).toBeVisible();
    await new OutboxPage(this.page).openLinkFor(person.email);
    await expect(this.page).toHaveURL(/\/account$/);
  }
}
