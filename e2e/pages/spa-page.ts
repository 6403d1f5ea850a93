import { expect, type Page, type Response } from "@playwright/test";
import { ConsentPage } from "./consent-page";

/** The radio labels of /spa's storage choice. */
export type StorageLabel = "localStorage" | "sessionStorage" | "Memory only" | "Backend for frontend (HttpOnly cookie)";
export type ApiPath = "/me" | "/notes";
/** What the app stores under `lab-spa-tokens` (localStorage and sessionStorage). */
export type StoredTokens = { access_token: string; refresh_token?: string; id_token?: string; expires_at: number };
/** A token endpoint answer, as the page received it. */
export type TokenResponse = { access_token: string; refresh_token?: string; expires_in: number };

const SPA_CLIENT_NAME = "Lab single-page app";
const SPA_SCOPES = ["openid", "offline_access", "lab:read"];
const TOKENS_KEY = "lab-spa-tokens";

const isTokenRequest = (response: Response) =>
  response.request().method() === "POST" && new URL(response.url()).pathname === "/oidc/token";

/** The single-page app at /spa, in one tab. */
export class SpaPage {
  /** Errors thrown in the page and never caught (an unhandled rejection among them). */
  readonly uncaughtErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on("pageerror", (error) => this.uncaughtErrors.push(error.message));
  }

  async goto() {
    await this.page.goto("/spa");
    await expect(this.storageChoice()).toBeVisible();
  }

  storageChoice() {
    return this.page.getByRole("group", { name: "Where the app keeps its tokens" });
  }

  async chooseStorage(label: StorageLabel) {
    const radio = this.storageChoice().getByRole("radio", { name: label, exact: true });
    await radio.check();
    await expect(radio).toBeChecked();
  }

  /** The app's own buttons (the site's header has a Sign out of its own). */
  button(name: "Sign in" | "Sign out" | "Call /me" | "Call /notes" | "Refresh now") {
    return this.page.getByRole("main").getByRole("button", { name, exact: true });
  }

  /** The line that says whether the app holds tokens, and until when. */
  status() {
    return this.page.getByTestId("spa-status");
  }

  /** Alerts in the page's own content (Next's route announcer is an alert too, outside main). */
  alert() {
    return this.page.getByRole("main").getByRole("alert");
  }

  async expectSignedIn() {
    await expect(this.status()).toContainText("Signed in.");
    await expect(this.button("Sign out")).toBeEnabled();
  }

  /** A clean prompt: the Sign in button, and nothing signed in. */
  async expectSignInPrompt() {
    await expect(this.button("Sign in")).toBeEnabled();
    await expect(this.button("Sign out")).toBeDisabled();
    await expect(this.button("Call /me")).toBeDisabled();
  }

  /** The next answer of the provider's token endpoint to this page (code exchange or refresh). */
  async nextTokenResponse(): Promise<TokenResponse> {
    const response = await this.page.waitForResponse(isTokenRequest);
    return (await response.json()) as TokenResponse;
  }

  /**
   * Sign in, with the site already signed in: the consent page names the app and its scopes, and Allow brings it back
   * to /spa, signed in. Works for every choice; to see the tokens of a browser choice, start `nextTokenResponse()` first.
   */
  async signInWithConsent() {
    await this.button("Sign in").click();
    const consent = new ConsentPage(this.page);
    await consent.expectRequest(SPA_CLIENT_NAME, SPA_SCOPES);
    await consent.allow();
    await this.page.waitForURL((url) => url.pathname === "/spa");
    await this.expectSignedIn();
  }

  apiAnswer() {
    return this.page.getByRole("figure", { name: "API answer" });
  }

  /** Calls the API from the page, and answers the HTTP status and the JSON body it shows. */
  async callApi(path: ApiPath): Promise<{ status: number; body: unknown }> {
    await this.button(path === "/me" ? "Call /me" : "Call /notes").click();
    const caption = this.apiAnswer().getByText(new RegExp(`^GET ${path}: HTTP \\d+$`));
    await expect(caption).toBeVisible();
    const status = Number(/HTTP (\d+)$/.exec(await caption.innerText())?.[1]);
    return { status, body: JSON.parse(await this.apiAnswer().locator("pre").innerText()) as unknown };
  }

  /** "Refresh now"; answers the notice it leaves ("Refreshed: …", or that another tab had just refreshed). */
  async refreshNow() {
    await this.button("Refresh now").click();
    const notice = this.page
      .getByRole("main")
      .getByRole("status")
      .filter({ hasText: /^(Refreshed|Another tab had just refreshed)/ });
    await expect(notice).toBeVisible();
    return notice.innerText();
  }

  async signOut() {
    await this.button("Sign out").click();
    await expect(this.page.getByRole("main").getByText(/^Signed out/)).toBeVisible();
    await this.expectSignInPrompt();
  }

  /** What the app keeps under `lab-spa-tokens` in localStorage or sessionStorage, parsed; null when nothing. */
  storedTokens(where: "localStorage" | "sessionStorage"): Promise<StoredTokens | null> {
    return this.page.evaluate(
      ([storage, key]) => {
        const raw = (storage === "localStorage" ? window.localStorage : window.sessionStorage).getItem(key);
        return raw === null ? null : (JSON.parse(raw) as StoredTokens);
      },
      [where, TOKENS_KEY] as const,
    );
  }

  /** Puts `value` under `lab-spa-tokens` as it is, the way a person or a script with the page could. */
  async storeRaw(where: "localStorage" | "sessionStorage", value: string) {
    await this.page.evaluate(
      ([storage, key, text]) => (storage === "localStorage" ? window.localStorage : window.sessionStorage).setItem(key, text),
      [where, TOKENS_KEY, value] as const,
    );
  }

  /** The callback page's explanation when it cannot use an answer, with its way back. */
  async expectCallbackRefused(message: RegExp) {
    await expect(this.page.getByRole("heading", { name: "Sign-in did not finish" })).toBeVisible();
    await expect(this.alert()).toHaveText(message);
    await this.page.getByRole("link", { name: "Back to the single-page app" }).click();
    await expect(this.page).toHaveURL((url) => url.pathname === "/spa");
    await this.expectSignInPrompt();
  }
}
