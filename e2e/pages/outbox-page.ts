import type { Page } from "@playwright/test";

/** Whether a request is for the outbox page (or its RSC payload). */
const isOutbox = (url: URL) => url.pathname === "/dev/outbox";

export class OutboxPage {
  private routed = false;

  constructor(private readonly page: Page) {}

  /**
   * The outbox answers only clients on the server's own machine. A test that names its own client address
   * (X-Forwarded-For, believed by the server that trusts a local proxy) reads the outbox as the developer
   * at that machine would: from 127.0.0.1. Every other request keeps the test's address.
   */
  private async readFromThisMachine() {
    if (this.routed) return;
    this.routed = true;
    await this.page.route(isOutbox, (route) =>
      route.continue({ headers: { ...route.request().headers(), "x-forwarded-for": "127.0.0.1" } }),
    );
  }

  async goto() {
    await this.readFromThisMachine();
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
