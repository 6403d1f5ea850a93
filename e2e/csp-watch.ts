import type { Page } from "@playwright/test";

/** Collects the Content-Security-Policy violations Chromium reports on `page`'s console. */
export function watchCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}
