import { execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CliError } from "@/cli/errors";
import {
  deleteTokens,
  needsRefresh,
  readTokens,
  tokensToStore,
  withTokenFileLock,
  writeTokens,
  type StoredTokens,
} from "@/cli/token-file";

// Ports of this helper's own: nothing listens on the provider one; the API one gets a real API service.
const NOBODY_PORT = 3461;
const API_PORT = 3462;
const ISSUER = `http://localhost:${NOBODY_PORT}/oidc`;

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "lab-cli-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const tokens = (overrides: Partial<StoredTokens> = {}): StoredTokens => ({
  issuer: ISSUER,
  access_token: `access-${crypto.randomUUID()}`,
  refresh_token: `refresh-${crypto.randomUUID()}`,
  expires_at: Math.floor(Date.now() / 1000) + 300,
  scope: "openid offline_access lab:read",
  ...overrides,
});

describe("the token file", () => {
  it("is written readable by its owner only, in a folder it creates, and read back the same", async () => {
    const file = path.join(folder, "new-folder", "tokens.json");
    const stored = tokens();
    await writeTokens(file, stored);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(await readTokens(file)).toEqual(stored);
  });

  it("is replaced whole: the new tokens, and no temporary file left beside it", async () => {
    const file = path.join(folder, "replaced.json");
    await writeTokens(file, tokens());
    const rotated = tokens();
    await writeTokens(file, rotated);
    expect(await readTokens(file)).toEqual(rotated);
    expect(await readdir(folder)).not.toContain(expect.stringMatching(/\.tmp$/));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("is absent before login and after delete; a damaged one says how to recover", async () => {
    const file = path.join(folder, "absent.json");
    expect(await readTokens(file)).toBeNull();
    await writeFile(file, '{"access_token":');
    await expect(readTokens(file)).rejects.toThrow(
      new CliError(`The token file ${file} is damaged: delete it and run npm run cli -- login`),
    );
    await deleteTokens(file);
    expect(await readTokens(file)).toBeNull();
  });

  it("keeps the refresh token when a response brings no new one, and takes the rotated one when it does", () => {
    const now = Date.UTC(2026, 11, 3, 12);
    const before = tokens();
    const kept = tokensToStore(ISSUER, { access_token: "a2", expires_in: 300 }, before, now);
    expect(kept).toEqual({
      issuer: ISSUER,
      access_token: "a2",
      refresh_token: before.refresh_token,
      expires_at: now / 1000 + 300,
      scope: before.scope,
    });
    expect(tokensToStore(ISSUER, { access_token: "a3", refresh_token: "r3", expires_in: 300 }, before, now).refresh_token).toBe(
      "r3",
    );
  });

  it("is due for a refresh within 30 seconds of expiry, not before", () => {
    const now = Date.UTC(2026, 11, 3, 12);
    expect(needsRefresh(tokens({ expires_at: now / 1000 + 31 }), now)).toBe(false);
    expect(needsRefresh(tokens({ expires_at: now / 1000 + 30 }), now)).toBe(true);
    expect(needsRefresh(tokens({ expires_at: now / 1000 - 1 }), now)).toBe(true);
  });
});

describe("the token file's lock", () => {
  it("lets one refresh run at a time, and removes itself afterwards", async () => {
    const file = path.join(folder, "locked.json");
    const events: string[] = [];
    const refresh = (name: string) =>
      withTokenFileLock(file, async () => {
        events.push(`${name} in`);
        await stat(folder);
        events.push(`${name} out`);
        return name;
      });
    expect(await Promise.all([refresh("a"), refresh("b"), refresh("c")])).toEqual(["a", "b", "c"]);
    for (let index = 0; index < events.length; index += 2) expect(events[index + 1]).toBe(events[index]!.replace(" in", " out"));
    expect(await readdir(folder)).not.toContain("locked.json.lock");
  });

  it("takes over a lock left by a process that died a minute ago", async () => {
    const file = path.join(folder, "stale.json");
    await writeFile(`${file}.lock`, "");
    const longAgo = new Date(Date.now() - 120_000);
    await utimes(`${file}.lock`, longAgo, longAgo);
    expect(await withTokenFileLock(file, () => Promise.resolve("refreshed"))).toBe("refreshed");
  });
});

const run = promisify(execFile);

/** The CLI as a person runs it: its exit code and what it printed. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    LAB_CLI_ISSUER: ISSUER,
    LAB_CLI_API_URL: `http://localhost:${API_PORT}`,
    LAB_CLI_NO_BROWSER: "1",
  };
  try {
    const { stdout, stderr } = await run("node_modules/.bin/tsx", ["cli/main.ts", ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Exit code 1 and exactly this one line on stderr: no stack trace. */
function expectOneLineFailure(result: { code: number; stderr: string }, message: string) {
  expect(result).toMatchObject({ code: 1, stderr: `lab-cli: ${message}\n` });
}

describe("the CLI's errors", () => {
  it("says how to sign in when there are no tokens, and how to use it when the command is wrong", async () => {
    const file = path.join(folder, "never.json");
    expectOneLineFailure(await cli(["me", "--token-file", file]), "Not signed in: run npm run cli -- login");
    expectOneLineFailure(await cli(["notes", "--token-file", file]), "Not signed in: run npm run cli -- login");
    expect(await cli(["logout", "--token-file", file])).toMatchObject({ code: 0, stdout: "Not signed in: nothing to do.\n" });
    expectOneLineFailure(await cli([]), "Name a command (login, me, notes or logout): see npm run cli -- --help");
    expectOneLineFailure(await cli(["whoami"]), 'Unknown command "whoami": see npm run cli -- --help');
    expectOneLineFailure(await cli(["me", "--verbose"]), "Unknown option '--verbose': see npm run cli -- --help");
    expectOneLineFailure(
      await cli(["me", "--issuer", "http://lab.example.com/oidc"]),
      "Bad setting: the issuer must use https (plain http only for localhost)",
    );
  });

  it("names the provider when it is down: at login, and when a refresh is due", async () => {
    const file = path.join(folder, "expired.json");
    expectOneLineFailure(
      await cli(["login", "--token-file", file]),
      `Cannot reach the provider at ${ISSUER}: is the site running? (npm start)`,
    );
    expectOneLineFailure(
      await cli(["login", "--device", "--token-file", file]),
      `Cannot reach the provider at ${ISSUER}: is the site running? (npm start)`,
    );
    const expired = tokens({ expires_at: Math.floor(Date.now() / 1000) - 5 });
    await writeTokens(file, expired);
    const result = await cli(["me", "--token-file", file]);
    expectOneLineFailure(result, `Cannot reach the provider at ${ISSUER}: is the site running? (npm start)`);
    // An outage is not a sign-out: the tokens stay for the next try.
    expect(await readTokens(file)).toEqual(expired);
  });

  it("names the API when it is down, and says to log in again when it refuses the token; never prints the token", async () => {
    const file = path.join(folder, "fresh.json");
    const stored = tokens();
    await writeTokens(file, stored);
    const down = await cli(["me", "--token-file", file]);
    expectOneLineFailure(
      down,
      `Cannot reach the API at http://localhost:${API_PORT}: is it running? (npm start runs it beside the site)`,
    );

    // The real API service, trusting a provider that is not running: a token it cannot verify gets its RFC 6750 401.
    const api = spawn("node_modules/.bin/tsx", ["api/main.ts"], {
      env: {
        ...process.env,
        API_PORT: String(API_PORT),
        API_HOSTNAME: "localhost",
        OIDC_ISSUER: ISSUER,
        API_AUDIENCE: `http://localhost:${API_PORT}`,
      },
      stdio: "ignore",
    });
    try {
      await vi.waitFor(async () => expect((await fetch(`http://localhost:${API_PORT}/health`)).status).toBe(200), {
        timeout: 20_000,
        interval: 200,
      });
      const refused = await cli(["notes", "--token-file", file]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^lab-cli: The API refused the access token \(invalid_token: [^\n]+\): run npm run cli -- login\n$/,
      );
      for (const output of [down.stdout, down.stderr, refused.stdout, refused.stderr]) {
        expect(output).not.toContain(stored.access_token);
        expect(output).not.toContain(stored.refresh_token);
      }
    } finally {
      api.kill();
    }
  });

  it("refuses tokens stored for another provider, without sending them anywhere", async () => {
    const file = path.join(folder, "other-issuer.json");
    await writeTokens(file, tokens({ issuer: "https://elsewhere.example/oidc" }));
    expectOneLineFailure(
      await cli(["me", "--token-file", file]),
      `The stored tokens are from https://elsewhere.example/oidc, not ${ISSUER}: run npm run cli -- login`,
    );
  });

  it("deletes the tokens on logout even when the provider is down, and says the refresh token is not revoked", async () => {
    const file = path.join(folder, "logout.json");
    await writeTokens(file, tokens());
    expectOneLineFailure(
      await cli(["logout", "--token-file", file]),
      `Deleted the stored tokens, but the refresh token is not revoked (Cannot reach the provider at ${ISSUER}: is the site running? (npm start)); revoke it on the devices page`,
    );
    expect(await readTokens(file)).toBeNull();
  });
});
