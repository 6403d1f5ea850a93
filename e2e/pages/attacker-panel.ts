import { expect, type Page, type Request, type Response } from "@playwright/test";
import { z } from "zod";

/** The routine's report, as the panel prints it (app/spa/injected-script.ts). */
const reportSchema = z.object({
  storageChoice: z.string().nullable(),
  localStorageKeys: z.array(z.string()),
  sessionStorageKeys: z.array(z.string()),
  cookieNames: z.array(z.string()),
  tokensReadableIn: z.array(z.string()),
  uses: z.array(z.object({ via: z.string(), path: z.string(), status: z.number() })),
});
export type InjectedScriptReport = z.infer<typeof reportSchema>;

/** One request the attacker's page made the browser send to the lab, as the browser saw it (the attacker sees less). */
export type ForgedRequest = {
  url: string;
  method: string;
  /** The lab's status, or "failed" when the browser stopped the request or withheld its answer (`error` says which). */
  status: number | "failed";
  error?: string;
  cookieSent: boolean;
  /** The form fields a forged post carried (their names), to show it was the real form's. */
  fieldNames: string[];
};

/** The "Attacker (a demonstration)" panel, on /spa or /spa/attack. */
export class AttackerPanel {
  constructor(private readonly page: Page) {}

  get region() {
    return this.page.getByRole("region", { name: "Attacker (a demonstration)" });
  }

  /** Runs the injected script; answers its report and the attacker's window, once that has replayed the loot. */
  async runInjectedScript(): Promise<{ report: InjectedScriptReport; attackerWindow: Page }> {
    const opened = this.page.context().waitForEvent("page");
    await this.region.getByRole("button", { name: "Run an injected script" }).click();
    const attackerWindow = await opened;
    await expect(attackerWindow.locator("body[data-done=true]")).toHaveCount(1);
    const json = await this.region.getByLabel("Injected script report").textContent();
    return { report: reportSchema.parse(JSON.parse(json ?? "")), attackerWindow };
  }

  /** What the attacker's site got and did with it, as the panel shows it after a run. */
  attackerResult() {
    return this.region.getByRole("region", { name: "What the attacker's site got" });
  }

  /** Has the attacker replay what it holds once more; answers the panel's line for that replay. */
  async replayAgain() {
    const replays = this.attackerResult().getByRole("listitem");
    const before = await replays.count();
    await this.attackerResult().getByRole("button", { name: "Replay the stolen tokens again" }).click();
    await expect(replays).toHaveCount(before + 1);
    return replays.last();
  }

  /**
   * Runs the CSRF attempts: the attacker's page opens in a new window and makes this browser send its requests.
   * Answers every request it sent to `labOrigins`, with the status the lab answered and whether a cookie went along.
   */
  async runCsrfAttempts(labOrigins: string[], sessionCookieNames: string[]): Promise<ForgedRequest[]> {
    const context = this.page.context();
    const seen: Promise<ForgedRequest>[] = [];
    // Listened for on the whole browser before the click: the attacker's page starts sending as soon as it loads.
    const fromAttacker = (request: Request) =>
      labOrigins.some((origin) => request.url().startsWith(origin)) &&
      request.method() !== "OPTIONS" &&
      request.frame().page() !== this.page;
    const cookieSent = async (request: Request) =>
      ((await request.allHeaders()).cookie ?? "")
        .split(";")
        .some((pair) => sessionCookieNames.includes(pair.split("=")[0]?.trim() ?? ""));
    const fieldNames = (request: Request) =>
      [...(request.postData() ?? "").matchAll(/name="([^"]+)"/g)].map((match) => match[1] ?? "");
    // A framed answer the lab forbids framing is reported as failed after it arrived: its status is what counts.
    const answered = new Set<Request>();
    const onResponse = (response: Response) => {
      const request = response.request();
      if (!fromAttacker(request)) return;
      answered.add(request);
      seen.push(
        (async () => ({
          url: request.url(),
          method: request.method(),
          status: response.status(),
          cookieSent: await cookieSent(request),
          fieldNames: fieldNames(request),
        }))(),
      );
    };
    const onFailed = (request: Request) => {
      if (!fromAttacker(request) || answered.has(request)) return;
      seen.push(
        (async () => ({
          url: request.url(),
          method: request.method(),
          status: "failed" as const,
          error: request.failure()?.errorText ?? "",
          cookieSent: await cookieSent(request),
          fieldNames: fieldNames(request),
        }))(),
      );
    };
    context.on("response", onResponse);
    context.on("requestfailed", onFailed);
    const opened = context.waitForEvent("page");
    await this.region.getByRole("button", { name: "Run the CSRF attempts" }).click();
    const attackerPage = await opened;
    await expect(attackerPage.locator("body[data-done=true]")).toHaveCount(1, { timeout: 30_000 });
    context.off("response", onResponse);
    context.off("requestfailed", onFailed);
    const requests = await Promise.all(seen);
    await attackerPage.close();
    return requests;
  }
}
