import type { Page } from "@playwright/test";

export class OutboxPage {
  constructor(private readonly page: Page) {}

  async openLinkFor(email: string) {
    await this.page.goto("/dev/outbox");
    // Newest first: the first link for this address is the one just sent.
    await this.page
      .getByRole("link", { name: `Sign-in link for ${email}` })
      .first()
      .click();
  }
}
