import { describe, expect, it } from "vitest";
import { createAttackerApp } from "@/attacker/app";

const SITE = "http://localhost:3000";
const lab = { siteOrigin: SITE, apiUrl: "http://localhost:3100", issuer: `${SITE}/oidc` };
/** The app as @hono/node-server runs it, for a request from `peer`. */
function appFrom(peer: string) {
  const app = createAttackerApp(lab);
  const env = { incoming: { socket: { remoteAddress: peer } } };
  return { request: (path: string, init: RequestInit = {}) => app.request(path, init, env) };
}

const loot = {
  storageChoice: "memory",
  localStorage: { "lab-spa-storage": "memory" },
  sessionStorage: {},
  cookies: "theme=dark; lab-note=1",
};

describe("the attacker's site", () => {
  it("answers only this machine", async () => {
    for (const peer of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "127.8.9.10"])
      expect((await appFrom(peer).request("/result")).status).toBe(200);
    for (const peer of ["10.0.0.1", "::ffff:192.168.1.2", "2001:db8::1", ""])
      expect((await appFrom(peer).request("/result")).status).toBe(403);
  });

  it("lets only the lab's pages read its answers", async () => {
    const app = appFrom("127.0.0.1");
    const fromSite = await app.request("/result", { headers: { Origin: SITE } });
    expect(fromSite.headers.get("access-control-allow-origin")).toBe(SITE);
    const fromElsewhere = await app.request("/result", { headers: { Origin: "http://evil.example" } });
    expect(fromElsewhere.headers.get("access-control-allow-origin")).not.toBe("http://evil.example");
  });

  it("keeps the names of what it took, and only the last demonstration", async () => {
    const app = appFrom("127.0.0.1");
    const post = (body: unknown) =>
      app.request("/collect", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await post(loot)).status).toBe(200);
    expect((await post({ ...loot, cookies: "other=1" })).status).toBe(200);
    const result = (await (await app.request("/result")).json()) as {
      taken: { cookieNames: string[]; accessToken: boolean };
      replays: unknown[];
    };
    expect(result.taken.cookieNames).toEqual(["other"]);
    expect(result.taken.accessToken).toBe(false);
    expect(result.replays).toEqual([{ at: expect.any(String) as unknown, accessToken: null, refreshToken: null }]);
  });

  it("refuses what the injected script would not send, with a clear error", async () => {
    const app = appFrom("127.0.0.1");
    const bad = await app.request("/collect", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "The loot is not what the injected script sends." });
    const huge = await app.request("/collect", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...loot, cookies: "x".repeat(100_000) }),
    });
    expect(huge.status).toBe(413);
    expect((await app.request("/replay", { method: "POST" })).status).toBe(409);
  });
});
