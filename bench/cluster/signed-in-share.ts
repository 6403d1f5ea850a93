import { z } from "zod";
import { resolveSetup, type ModeCookieValue } from "@/lib/auth/mode";
import type { BrowserCookieJar } from "@/bench/harness/browser-cookie-jar";

const probeBodySchema = z.object({ ok: z.boolean(), mode: z.string(), store: z.string().nullable() });

export type ShareMeasurement = {
  requests: number;
  signedIn: number;
  share: number;
  /** Answers whose read queried the session store (Server-Timing names a `db` entry); a hybrid token read makes none. */
  storeReads: number;
  servedBy: Record<string, { requests: number; signedIn: number }>;
};

/** A fixed Cookie header, or a browser's jar that keeps what each answer sets (the hybrid token it re-issues). */
export type ClientCookies = string | BrowserCookieJar;

/** One request to the probe route: signed in (200, with the expected mode and store) or signed out (401); anything else is no measurement. */
export async function askSignedIn(url: URL, cookies: ClientCookies, expected: { mode: string; store: string | null }) {
  const cookie = typeof cookies === "string" ? cookies : cookies.header();
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  if (typeof cookies !== "string") cookies.keep(response);
  const storeRead = /(^|,\s*)db;/.test(response.headers.get("server-timing") ?? "");
  const servedBy = response.headers.get("x-served-by");
  if (!servedBy) throw new Error(`${url.pathname} answered HTTP ${response.status} without x-served-by: not through the cluster`);
  const body = probeBodySchema.safeParse(await response.json().catch(() => undefined));
  if (response.status === 401) return { servedBy, signedIn: false, storeRead };
  if (response.status !== 200 || !body.success || !body.data.ok) {
    throw new Error(`${servedBy} answered ${url.pathname} with HTTP ${response.status}, neither signed in nor signed out`);
  }
  if (body.data.mode !== expected.mode || body.data.store !== expected.store) {
    throw new Error(
      `${servedBy} read the session as ${body.data.mode}/${String(body.data.store)}, not ${expected.mode}/${String(expected.store)}`,
    );
  }
  return { servedBy, signedIn: true, storeRead };
}

/** Asks /api/lab/probe `requests` times through the load balancer, `concurrency` at once: the share answered signed in, per instance too. */
export async function measureSignedInShare(
  baseUrl: string,
  cookie: ClientCookies,
  setup: ModeCookieValue,
  options: { requests: number; concurrency?: number; onProgress?: (done: number) => void },
): Promise<ShareMeasurement> {
  const url = new URL("/api/lab/probe", baseUrl);
  const expected = resolveSetup(setup, "database");
  const concurrency = options.concurrency ?? 10;
  const servedBy: ShareMeasurement["servedBy"] = {};
  let signedIn = 0;
  let storeReads = 0;
  for (let done = 0; done < options.requests;) {
    const batch = Math.min(concurrency, options.requests - done);
    const answers = await Promise.all(Array.from({ length: batch }, () => askSignedIn(url, cookie, expected)));
    for (const answer of answers) {
      const instance = (servedBy[answer.servedBy] ??= { requests: 0, signedIn: 0 });
      instance.requests += 1;
      if (answer.storeRead) storeReads += 1;
      if (answer.signedIn) {
        instance.signedIn += 1;
        signedIn += 1;
      }
    }
    done += batch;
    options.onProgress?.(done);
  }
  return { requests: options.requests, signedIn, share: signedIn / options.requests, storeReads, servedBy };
}
