import type { Page } from "@playwright/test";
import type { SessionMode } from "../../lib/auth/mode";

export class ComparePage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/compare");
  }

  /** The cell of one claim row for one mode (columns: claim, database, jwt). */
  cell(row: "state" | "browser" | "work" | "revocation" | "scaling" | "outage" | "expiry", mode: SessionMode) {
    return this.page
      .getByTestId(`row-${row}`)
      .getByRole("cell")
      .nth(mode === "database" ? 0 : 1);
  }

  chart(name: RegExp) {
    return this.page.getByRole("img", { name });
  }

  /** The stacked bars of one read in each mode on each path, measured while the page was served. */
  get readStages() {
    return this.page.getByRole("img", { name: /Stages of one session read, by mode and read path/ });
  }
}
