import type { Page } from "@playwright/test";

export class OutboxPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/dev/outbox");
  }

  private linksFor(email: string) {
    return this.page.getByRole("link", { name: `Sign-in link for ${email}` });
  }

  async openLinkFor(email: string) {
    await this.goto();
    // Newest first: the first link for this address is the one just sent.
    await this.linksFor(email).first().click();
  }

  /** The newest email to this address (its subject and link), as listed on the outbox page. */
  newestMessageFor(email: string) {
    return this.page
      .getByRole("listitem")
      .filter({ has: this.linksFor(email) })
      .first();
  }

  /** Every email to this address, newest first. */
  messagesFor(email: string) {
    return this.page.getByRole("listitem").filter({ has: this.linksFor(email) });
  }

  /** The link of the newest email to this address, to open later (after newer ones are sent). */
  async newestLinkFor(email: string): Promise<string> {
    await this.goto();
    const href = await this.linksFor(email).first().getAttribute("href");
    if (!href) throw new Error(`No sign-in link for ${email} in the outbox`);
    return href;
  }
}
