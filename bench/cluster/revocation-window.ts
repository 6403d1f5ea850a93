import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { resolveSetup, type ModeCookieValue } from "@/lib/auth/mode";
import { keepingDeletedCookies, type BrowserCookieJar } from "@/bench/harness/browser-cookie-jar";
import { askSignedIn } from "@/bench/cluster/signed-in-share";

export type DeviceKind = "session" | "token";

/** PLAYWRIGHT_CHROMIUM_EXECUTABLE, else Debian's Chromium, else Playwright's own browser (as the browser tests choose). */
function chromiumExecutable(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE) return process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

/**
 * The id that the Revoke button of the person's one other device of `kind` posts, found on the devices page as a
 * person finds it (by role and name, like the browser tests' page objects): a row of "Signed-in devices" whose
 * "Kept as" cell names the kind and that offers a Revoke button. The page is read in Chromium as the server sent
 * it, without scripts or anything else it links to. Throws unless there is exactly one such device.
 */
async function otherDeviceIdOnPage(html: string, kind: DeviceKind): Promise<string> {
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html);
    const keptAs =
      kind === "token"
        ? page.getByRole("cell", { name: "Token (sid)", exact: true })
        : page.getByRole("cell", { name: /^Session in / });
    const revoke = page.getByRole("button", { name: /^Revoke / });
    const others = page
      .getByRole("region", { name: "Signed-in devices" })
      .getByRole("row")
      .filter({ has: keptAs })
      .filter({ has: revoke });
    const found = await others.count();
    if (found !== 1) throw new Error(`Expected one other ${kind} on the devices page, found ${found}`);
    return await others.locator('form input[type="hidden"][name="id"]').inputValue();
  } finally {
    await browser.close();
  }
}

/**
 * The id of the person's one other device, as the devices page shows it to `revoker` (another browser of
 * the same person): what a person clicks Revoke on. Throws unless there is exactly one such device.
 */
export async function otherDeviceId(baseUrl: string, revoker: BrowserCookieJar, kind: DeviceKind): Promise<string> {
  const response = await fetch(new URL("/devices", baseUrl), { headers: { cookie: revoker.header() }, redirect: "manual" });
  revoker.keep(response);
  if (response.status !== 200) throw new Error(`The devices page answered HTTP ${response.status} to the revoking browser`);
  return otherDeviceIdOnPage(await response.text(), kind);
}

/** Revokes a device through the app's own route (DELETE /api/devices/:kind/:id) as `revoker`; the instance that did it, and when it was done. */
export async function revokeDevice(
  baseUrl: string,
  revoker: BrowserCookieJar,
  kind: DeviceKind,
  id: string,
): Promise<{ revokedThrough: string; revokedAt: number }> {
  const response = await fetch(new URL(`/api/devices/${kind}/${id}`, baseUrl), {
    method: "DELETE",
    // As the devices page's fetch sends it: the front door refuses a revocation that names no origin.
    headers: { cookie: revoker.header(), origin: new URL(baseUrl).origin },
    redirect: "manual",
  });
  const revokedAt = Date.now();
  revoker.keep(response);
  const revokedThrough = response.headers.get("x-served-by");
  if (response.status !== 204 || !revokedThrough) {
    throw new Error(
      `Revoking the ${kind} answered HTTP ${response.status}${revokedThrough ? ` from ${revokedThrough}` : ""}, not 204`,
    );
  }
  return { revokedThrough, revokedAt };
}

export type RevokedDeviceWatch = {
  /** From the revocation until every instance had answered signed out, with no signed-in answer since; null if not while watched. */
  signedOutAfterSeconds: number | null;
  /** From the revocation to the last answer that was still signed in: how long the revoked device kept reading; null if none was. */
  keptReadingSeconds: number | null;
  watchedSeconds: number;
  requestsAfter: number;
  signedInAfter: number;
  /** The instances that answered signed out since the last signed-in answer. */
  signedOutOn: string[];
};

/**
 * Watches a revoked device: `instances` requests to the probe route at once (round-robin hands one to each instance), round after
 * round, until every instance has answered signed out with no signed-in answer since, or `watchForMs` passes.
 * The device keeps every cookie it is given (the hybrid token each read re-issues) and, as a browser, stops
 * sending one at its Expires; unlike a browser it keeps sending them after it is told to delete them: the
 * question is whether every instance refuses the revoked session itself, not whether a browser without
 * cookies reads as signed out.
 */
export async function watchRevokedDevice(
  baseUrl: string,
  device: BrowserCookieJar,
  setup: ModeCookieValue,
  options: { revokedAt: number; instances: number; watchForMs: number; everyMs?: number },
): Promise<RevokedDeviceWatch> {
  const url = new URL("/api/lab/probe", baseUrl);
  const expected = resolveSetup(setup, "database");
  const keeping = keepingDeletedCookies(device);
  const seconds = (at: number) => (at - options.revokedAt) / 1000;
  let requestsAfter = 0;
  let signedInAfter = 0;
  let lastSignedInAt: number | undefined;
  const signedOutOn = new Set<string>();
  while (Date.now() - options.revokedAt < options.watchForMs) {
    const answers = await Promise.all(
      Array.from({ length: options.instances }, async () => ({
        ...(await askSignedIn(url, keeping, expected)),
        at: Date.now(),
      })),
    );
    for (const answer of answers.sort((a, b) => a.at - b.at)) {
      requestsAfter += 1;
      if (answer.signedIn) {
        signedInAfter += 1;
        lastSignedInAt = answer.at;
        signedOutOn.clear();
      } else {
        signedOutOn.add(answer.servedBy);
      }
      if (signedOutOn.size >= options.instances) {
        return {
          signedOutAfterSeconds: seconds(answer.at),
          keptReadingSeconds: lastSignedInAt === undefined ? null : seconds(lastSignedInAt),
          watchedSeconds: seconds(answer.at),
          requestsAfter,
          signedInAfter,
          signedOutOn: [...signedOutOn].sort(),
        };
      }
    }
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 100));
  }
  return {
    signedOutAfterSeconds: null,
    keptReadingSeconds: lastSignedInAt === undefined ? null : seconds(lastSignedInAt),
    watchedSeconds: seconds(Date.now()),
    requestsAfter,
    signedInAfter,
    signedOutOn: [...signedOutOn].sort(),
  };
}
