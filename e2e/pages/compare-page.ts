import type { Page } from "@playwright/test";
import { MODE_LABELS, SESSION_MODES, type SessionMode } from "../../lib/auth/mode";

export class ComparePage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/compare");
  }

  /** The cell of one claim row for one mode (columns: claim, then one per mode in SESSION_MODES' order). */
  cell(row: "state" | "browser" | "work" | "store-reads" | "revocation" | "scaling" | "outage" | "expiry", mode: SessionMode) {
    return this.page.getByTestId(`row-${row}`).getByRole("cell").nth(SESSION_MODES.indexOf(mode));
  }

  /** The value of one claim row in the table for API tokens (access token + refresh token). */
  apiCell(row: "state" | "client" | "work" | "revocation" | "scaling" | "outage" | "expiry") {
    return this.page.getByTestId(`api-row-${row}`).getByRole("cell");
  }

  /** The comparison table's header of one mode's column. */
  columnHeader(mode: SessionMode) {
    return this.page.getByTestId("comparison").getByRole("columnheader", { name: MODE_LABELS[mode] });
  }

  /** A table of the benchmark's, by the start of its caption. */
  benchTable(caption: RegExp) {
    return this.page.getByRole("table", { name: caption });
  }

  chart(name: RegExp) {
    return this.page.getByRole("img", { name });
  }

  /** The stacked bars of one read in each mode on each path, measured while the page was served. */
  get readStages() {
    return this.page.getByRole("img", { name: /Stages of one session read, by mode and read path/ });
  }
}
