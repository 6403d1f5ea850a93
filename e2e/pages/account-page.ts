import type { Page } from "@playwright/test";

export class AccountPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/account");
  }

  get heading() {
    return this.page.getByRole("heading", { name: "Account", level: 1 });
  }

  get mode() {
    return this.page.getByTestId("account-mode");
  }

  get cookieSize() {
    return this.page.getByTestId("cookie-size");
  }

  get sessionRow() {
    return this.page.getByTestId("session-row");
  }

  get jwtClaims() {
    return this.page.getByTestId("jwt-claims");
  }

  /** The stacked bar of this request's session read, by its accessible name. */
  get readStages() {
    return this.page.getByRole("img", { name: /Stages of this request's session read/ });
  }
}
