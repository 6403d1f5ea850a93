import { createServer, type Server } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider } from "@/lib/auth/oidc/provider";
import { ensureSigningKeys } from "@/lib/auth/oidc/signing-keys";
import { trustedProxyList } from "@/lib/http/client-address";
import { frontDoor } from "@/lib/http/front-door";

// The provider behind the real front door, on a port of this test's own; no Next (the token endpoint needs none).
const PORT = 3463;
const SITE = `http://localhost:${PORT}`;
const LIMIT = 5;

let server: Server;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "lab-oidc-limits-"));
  const signingKeysFile = path.join(folder, "keys.json");
  await ensureSigningKeys(signingKeysFile);
  const provider = await startOidcProvider({
    siteUrl: SITE,
    apiResource: "http://localhost:3464",
    apiTokenCheck: "local",
    accessTokenTtlSeconds: 300,
    refreshTokenIdleSeconds: 3600,
    refreshTokenAbsoluteSeconds: 86400,
    signingKeysFile,
    tokenRequestsPerClientPerMinute: LIMIT,
    authSecrets: ["a-test-secret-that-is-long-enough-000000"],
  });
  const notNext = (_request: unknown, response: { statusCode: number; end: () => void }) => {
    response.statusCode = 404;
    response.end();
    return Promise.resolve();
  };
  // As behind one proxy on this machine, so each test names its own client address in X-Forwarded-For.
  const proxyTrust = { hops: 1, proxies: trustedProxyList(["127.0.0.1", "::1"]) };
  server = createServer(
    frontDoor({ listenPort: PORT, proxyTrust, instanceName: "test", https: false, dev: false }, notNext, provider),
  );
  await new Promise<void>((resolve) => server.listen(PORT, "127.0.0.1", resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(folder, { recursive: true, force: true });
});

/** A client address no other test or run has used: rate-limit counters live in the database. */
function newClientAddress(): string {
  const group = () => Math.floor(Math.random() * 0x10000).toString(16);
  return `2001:db8:${group()}:${group()}::1`;
}

const post = (route: string, fields: Record<string, string>, client: string) =>
  fetch(`${SITE}/oidc${route}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": client },
    body: new URLSearchParams(fields),
  });

const badCode = {
  grant_type: "authorization_code",
  client_id: "lab-cli",
  code: "not-a-code",
  code_verifier: "v".repeat(43),
  redirect_uri: "http://127.0.0.1:3465/callback",
};

describe("the token endpoint's limits", () => {
  it(`answers 429 with Retry-After and an RFC 6749 error after ${LIMIT} requests a minute from one client address, and counts each address apart`, async () => {
    const client = newClientAddress();
    for (let request = 1; request <= LIMIT; request += 1) {
      const answer = await post("/token", badCode, client);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ error: "invalid_grant" });
    }
    const refused = await post("/token", badCode, client);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toMatch(/^application\/json/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as Record<string, string>;
    expect(Object.keys(body)).toEqual(["error", "error_description"]);
    expect(body.error).toBe("invalid_request");
    expect(body.error_description).toMatch(
      /^Too many token requests from your network address: wait \d+ seconds, then try again$/,
    );

    const other = await post("/token", badCode, newClientAddress());
    expect(other.status).toBe(400);
    // The limit is the token endpoint's: the same client still reads discovery.
    const discovery = await fetch(`${SITE}/oidc/.well-known/openid-configuration`, { headers: { "x-forwarded-for": client } });
    expect(discovery.status).toBe(200);
  });

  it("answers slow_down to a device that polls again before the interval, from any address, and authorization_pending once it has passed", async () => {
    const started = await post("/device/auth", { client_id: "lab-cli", scope: "openid" }, newClientAddress());
    expect(started.status).toBe(200);
    const { device_code: deviceCode } = (await started.json()) as { device_code: string };
    const poll = async () => {
      const answer = await post(
        "/token",
        { grant_type: "urn:ietf:params:oauth:grant-type:device_code", client_id: "lab-cli", device_code: deviceCode },
        newClientAddress(),
      );
      return { status: answer.status, error: ((await answer.json()) as { error: string }).error };
    };
    expect(await poll()).toEqual({ status: 400, error: "authorization_pending" });
    expect(await poll()).toEqual({ status: 400, error: "slow_down" });
    expect(await poll()).toEqual({ status: 400, error: "slow_down" });
    await expect.poll(poll, { timeout: 10_000, interval: 1000 }).toEqual({ status: 400, error: "authorization_pending" });
  });

  it("sends a code entry with no provider session back to the form (303), rather than oidc-provider's 500", async () => {
    const entry = (cookie?: string) =>
      fetch(`${SITE}/oidc/device`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: SITE, ...(cookie ? { cookie } : {}) },
        body: new URLSearchParams({ xsrf: "forged", user_code: "BCDF-GHJK" }),
      });
    const withoutSession = await entry();
    expect(withoutSession.status).toBe(303);
    expect(withoutSession.headers.get("location")).toBe(`${SITE}/oidc/device`);

    // With the session the form started, the library's own answer stands: the form again, saying what went wrong.
    const form = await fetch(`${SITE}/oidc/device`);
    expect(form.status).toBe(200);
    const cookie = form.headers
      .getSetCookie()
      .map((header) => header.split(";")[0])
      .join("; ");
    const withSession = await entry(cookie);
    expect(withSession.status).toBe(400);
    expect(await withSession.text()).toContain("Enter the code your device shows.");
  });
});
