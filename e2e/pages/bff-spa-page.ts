import { expect, type Page, type Response } from "@playwright/test";

/** The single-page app (/spa) with the backend-for-frontend chosen: the browser holds only the HttpOnly `lab-bff` cookie. */
export class BffSpaPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/spa");
  }

  async chooseBackendForFrontend() {
    const group = this.page.getByRole("group", { name: "Where the app keeps its tokens" });
    await group.getByRole("radio", { name: "Backend for frontend (HttpOnly cookie)" }).check();
    await expect(group.getByRole("radio", { name: "Backend for frontend (HttpOnly cookie)" })).toBeChecked();
  }

  /** "Sign in": off to the provider (the consent page), as lab-spa through the site's /api/bff/login. */
  async signIn() {
    await this.page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
  }

  /** "Call /me": answers the BFF route's response, which the page made. */
  async callMe(): Promise<Response> {
    const answered = this.page.waitForResponse((response) => new URL(response.url()).pathname === "/api/bff/api/me");
    await this.page.getByRole("main").getByRole("button", { name: "Call /me" }).click();
    return answered;
  }

  /** "Refresh now": answers the BFF's refresh response, once the page says it refreshed. */
  async refreshNow(): Promise<Response> {
    const answered = this.page.waitForResponse(
      (response) => new URL(response.url()).pathname === "/api/bff/refresh" && response.request().method() === "POST",
    );
    await this.page.getByRole("main").getByRole("button", { name: "Refresh now" }).click();
    const response = await answered;
    await expect(
      this.page
        .getByRole("main")
        .getByRole("status")
        .filter({ hasText: /^Refreshed: the site holds/ }),
    ).toBeVisible();
    return response;
  }

  /** "Sign out": answers the BFF's sign-out response. */
  async signOut(): Promise<Response> {
    const answered = this.page.waitForResponse(
      (response) => new URL(response.url()).pathname === "/api/bff/logout" && response.request().method() === "POST",
    );
    await this.page.getByRole("main").getByRole("button", { name: "Sign out" }).click();
    return answered;
  }

  /** What a script in the page can read: the cookie string, and every key and value of both web storages. */
  async whatScriptsCanRead(): Promise<string> {
    return this.page.evaluate(() => {
      const storage = (store: Storage) => Object.entries(store).map(([key, value]) => `${key}=${String(value)}`);
      return [document.cookie, ...storage(localStorage), ...storage(sessionStorage)].join("\n");
    });
  }
}
