import { parseArgs } from "node:util";
import { callApi } from "@/cli/api";
import { CliError, LOGIN_AGAIN } from "@/cli/errors";
import { discover, loginInBrowser, loginWithDevice, ProviderFailure, refresh, revoke } from "@/cli/oauth";
import { readSettings, type CliSettings } from "@/cli/settings";
import { deleteTokens, needsRefresh, readTokens, tokensToStore, withTokenFileLock, writeTokens } from "@/cli/token-file";

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  login             sign in through the browser (Authorization Code + PKCE, loopback redirect)
  login --device    sign in by confirming a code in any browser (Device Authorization Grant)
  me                GET /me at the API
  notes             GET /notes at the API
  logout            revoke the refresh token and delete the stored tokens

Options (or their environment variables):
  --issuer URL        the provider (LAB_CLI_ISSUER, default http://localhost:3000/oidc)
  --api URL           the API (LAB_CLI_API_URL, default http://localhost:3100)
  --token-file PATH   where the tokens are kept, mode 600 (LAB_CLI_TOKEN_FILE, default .data/cli-tokens.json)
  --timeout SECONDS   how long login waits for you (LAB_CLI_LOGIN_TIMEOUT, default 300)
  --no-browser        only print the sign-in URL (LAB_CLI_NO_BROWSER=1)`;

const print = (line: string) => console.log(line);

async function login(settings: CliSettings, device: boolean) {
  const config = await discover(settings);
  const response = device ? await loginWithDevice(config, settings, print) : await loginInBrowser(config, settings, print);
  await writeTokens(settings.tokenFile, tokensToStore(settings.issuer, response));
  const subject = response.claims()?.sub;
  print(
    `Signed in${subject ? ` as ${subject}` : ""} (scopes: ${response.scope ?? "none"}). Tokens saved in ${settings.tokenFile}, readable by you only.`,
  );
  if (!response.refresh_token) print("No refresh token was granted: log in again when the access token expires.");
}

/** The stored tokens, if they are this provider's: a token goes back only to the provider that issued it. */
async function storedTokensFor(settings: CliSettings) {
  const tokens = await readTokens(settings.tokenFile);
  if (tokens && tokens.issuer !== settings.issuer)
    throw new CliError(`The stored tokens are from ${tokens.issuer}, not ${settings.issuer}: ${LOGIN_AGAIN}`);
  return tokens;
}

/** An access token to send: the stored one, or a fresh one from the refresh token when it is due (rotating it). */
async function currentAccessToken(settings: CliSettings): Promise<string> {
  const tokens = await storedTokensFor(settings);
  if (!tokens) throw new CliError(`Not signed in: ${LOGIN_AGAIN}`);
  if (!needsRefresh(tokens)) return tokens.access_token;
  return withTokenFileLock(settings.tokenFile, async () => {
    // Another process may have refreshed while this one waited for the lock: its tokens are the ones to use.
    const current = await storedTokensFor(settings);
    if (current && !needsRefresh(current)) return current.access_token;
    if (!current?.refresh_token) {
      await deleteTokens(settings.tokenFile);
      throw new CliError(`signed out: ${LOGIN_AGAIN}`);
    }
    const config = await discover(settings);
    try {
      const stored = tokensToStore(settings.issuer, await refresh(config, settings, current.refresh_token), current);
      await writeTokens(settings.tokenFile, stored);
      return stored.access_token;
    } catch (error) {
      // The refresh token was revoked, expired, or already used (which ends its whole grant).
      if (error instanceof ProviderFailure && error.oauthError === "invalid_grant") {
        await deleteTokens(settings.tokenFile);
        throw new CliError(`signed out: ${LOGIN_AGAIN}`);
      }
      throw error;
    }
  });
}

async function logout(settings: CliSettings) {
  const tokens = await readTokens(settings.tokenFile).catch(async (error: unknown) => {
    await deleteTokens(settings.tokenFile);
    throw error;
  });
  if (!tokens) {
    print("Not signed in: nothing to do.");
    return;
  }
  // A token goes back only to the provider that issued it.
  if (tokens.refresh_token && tokens.issuer === settings.issuer) {
    try {
      await revoke(await discover(settings), settings, tokens.refresh_token);
    } catch (error) {
      await deleteTokens(settings.tokenFile);
      const why = error instanceof CliError ? error.message : "unknown error";
      throw new CliError(
        `Deleted the stored tokens, but the refresh token is not revoked (${why}); revoke it on the devices page`,
      );
    }
  }
  await deleteTokens(settings.tokenFile);
  print("Signed out: the refresh token is revoked and the stored tokens are deleted.");
  print("The last access token still works at the API until it expires (a JWT cannot be called back).");
}

async function main(args: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        device: { type: "boolean" },
        issuer: { type: "string" },
        api: { type: "string" },
        "token-file": { type: "string" },
        timeout: { type: "string" },
        "no-browser": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    // Node's first sentence names the problem ("Unknown option '--x'"); the rest is about a case that does not apply.
    throw new CliError(
      `${error instanceof Error ? (error.message.split(". ")[0] ?? error.message) : "Bad arguments"}: see npm run cli -- --help`,
    );
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help || command === "help") {
    print(USAGE);
    return;
  }
  if (!command) throw new CliError("Name a command (login, me, notes or logout): see npm run cli -- --help");
  if (extra.length > 0) throw new CliError(`Unexpected argument "${extra.join(" ")}": see npm run cli -- --help`);
  if (values.device && command !== "login") throw new CliError("--device goes with login only");
  const settings = readSettings(values, process.env);
  switch (command) {
    case "login":
      return login(settings, values.device ?? false);
    case "me":
    case "notes":
      print(JSON.stringify(await callApi(settings.apiUrl, `/${command}`, await currentAccessToken(settings)), null, 2));
      return;
    case "logout":
      return logout(settings);
    default:
      throw new CliError(`Unknown command "${command}": see npm run cli -- --help`);
  }
}

// One line on stderr for any failure, never a stack trace (or a token): the messages say what to do next.
main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(
    `lab-cli: ${error instanceof CliError ? error.message : `something unexpected went wrong (${error instanceof Error ? error.name : "error"})`}`,
  );
  process.exitCode = 1;
});
