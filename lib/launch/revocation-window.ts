import { resolveSetup, type ModeCookieValue } from "@/lib/auth/mode";
import { keepingDeletedCookies, type BrowserCookieJar } from "@/lib/launch/browser-cookie-jar";
import { probeOnce } from "@/lib/launch/balancer-probe";

export type DeviceKind = "session" | "token";

/** The devices page's rows: each one's kind, whether it is the browser asking, and the id its Revoke form posts. */
function devicesOnPage(html: string): { kind: string; current: boolean; id: string | undefined }[] {
  return [...html.matchAll(/<tr\b[^>]*data-testid="device-(session|token)"[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => ({
    kind: row[1] ?? "",
    current: row[0].includes(`data-current="true"`),
    id: /name="id" value="([a-z0-9]+)"/.exec(row[2] ?? "")?.[1],
  }));
}

/**
 * The id of the person's one other device, as the devices page shows it to `revoker` (another browser of
 * the same person): what a person clicks Revoke on. Throws unless there is exactly one such device.
 */
export async function otherDeviceId(baseUrl: string, revoker: BrowserCookieJar, kind: DeviceKind): Promise<string> {
  const response = await fetch(new URL("/devices", baseUrl), { headers: { cookie: revoker.header() }, redirect: "manual" });
  revoker.keep(response);
  if (response.status !== 200) throw new Error(`The devices page answered HTTP ${response.status} to the revoking browser`);
  const others = devicesOnPage(await response.text()).filter((device) => !device.current && device.kind === kind);
  const [other] = others;
  if (others.length !== 1 || !other?.id)
    throw new Error(`Expected one other ${kind} on the devices page, found ${others.length}`);
  return other.id;
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
 * Watches a revoked device: `instances` probes at once (round-robin hands one to each instance), round after
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
        ...(await probeOnce(url, keeping, expected)),
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
