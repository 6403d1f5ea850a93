import { describe, expect, it } from "vitest";
import { modeCookieName, sessionCookieName } from "@/lib/auth/cookies";
import { newReadTrace } from "@/lib/auth/session/trace";
import { getEnv } from "@/lib/env";
import { noVerificationResponse, probeResponse } from "@/lib/lab/probe-response";

const env = getEnv();
const sessionCookie = sessionCookieName(env.secureCookies);
const modeCookie = modeCookieName(env.secureCookies);
const requestWith = (cookie: string) => new Headers({ cookie });

describe("noVerificationResponse", () => {
  it("answers a request with a session cookie as the lean probe answers a signed-in one, naming the mode, without reading it", async () => {
    const response = await noVerificationResponse(requestWith(`${modeCookie}=jwt; ${sessionCookie}=not-even-a-token`));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("server-timing")).toMatch(/^auth;dur=\d+\.\d{3};desc="jwt"$/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ ok: true, mode: "jwt", store: null, read: "none", userId: "c000000000000000000000000" });
  });

  it("has the lean probe's body and headers, key for key", async () => {
    const trace = newReadTrace("database", "lean");
    const lean = probeResponse({ status: "signed-out", mode: "database", store: "postgres", trace, sessionSetCookies: [] });
    const none = await noVerificationResponse(requestWith(`${modeCookie}=database`));
    expect(none.status).toBe(lean.status);
    expect(Object.keys((await none.json()) as object)).toEqual(Object.keys((await lean.json()) as object));
    expect([...none.headers.keys()].sort()).toEqual([...lean.headers.keys()].sort());
  });

  it("answers 401 with no session cookie, or with two of them, as the lean read trusts neither copy", async () => {
    for (const cookie of [`${modeCookie}=jwt`, `${sessionCookie}=a; ${sessionCookie}=b`]) {
      const response = await noVerificationResponse(requestWith(cookie));
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ ok: false, userId: null });
    }
  });
});
