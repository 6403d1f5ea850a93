import { expect, type Page } from "@playwright/test";

type CallerLabel =
  | "Browser pages (server-rendered, same site)"
  | "A single-page app in the browser"
  | "Phone apps"
  | "Command-line tools"
  | "Other services (machine to machine)";
const CALLER_LABELS: readonly CallerLabel[] = [
  "Browser pages (server-rendered, same site)",
  "A single-page app in the browser",
  "Phone apps",
  "Command-line tools",
  "Other services (machine to machine)",
];

export type ChooseAnswers = {
  callers: CallerLabel[];
  revocation: "At once, on the next request" | "Within a minute" | RegExp;
  instances: number;
  sharedStore: "Yes, Redis" | "Yes, the database (PostgreSQL) only" | "No: nothing shared may be read on every request";
  peakRps: number;
  outage:
    | "Nothing: it may stop while the database is down"
    | "Signed-in people keep reading for a few minutes"
    | "Signed-in people keep reading for the whole outage";
};

/** /choose: the questions, the answer with its cited values, and the ways to share it. */
export class ChoosePage {
  constructor(readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/choose${query ? `?${query}` : ""}`);
    await expect(this.page.getByRole("heading", { name: "Which should I use?", level: 1 })).toBeVisible();
  }

  private group(name: string) {
    return this.page.getByRole("group", { name });
  }

  /** Fills every question as a person would, and submits the form. */
  async answer(answers: ChooseAnswers) {
    const callers = this.group("What calls your backend?");
    for (const label of CALLER_LABELS) {
      await callers.getByRole("checkbox", { name: label, exact: true }).setChecked(answers.callers.includes(label));
    }
    await this.group("How fast must a revoked person lose access?").getByRole("radio", { name: answers.revocation }).check();
    await this.page.getByLabel("How many app instances serve requests?").fill(String(answers.instances));
    await this.group("Can every instance read a shared session store on each request?")
      .getByRole("radio", { name: answers.sharedStore, exact: true })
      .check();
    await this.page.getByLabel("Requests per second at peak").fill(String(answers.peakRps));
    await this.group("What must keep working when the database is down?")
      .getByRole("radio", { name: answers.outage, exact: true })
      .check();
    await this.page.getByRole("button", { name: "Show the answer" }).click();
    await this.page.waitForURL(/\/choose\?/);
  }

  get recommendation() {
    return this.page.getByRole("heading", { name: /^The answer: / });
  }

  get runnerUp() {
    return this.page.getByRole("heading", { name: /^Runner-up: / });
  }

  /** A value the answer cites, by its text: a link to where /compare shows it. */
  citation(value: string | RegExp) {
    return this.page.getByRole("list", { name: "Why" }).getByRole("link", { name: value, exact: typeof value === "string" });
  }

  get shareUrl() {
    return this.page.getByLabel("Link to this answer");
  }

  get copyAsMarkdown() {
    return this.page.getByRole("button", { name: "Copy as Markdown" });
  }

  get tryIt() {
    return this.page.getByRole("link", { name: "Try it", exact: true });
  }
}
