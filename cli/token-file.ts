import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { CliError, LOGIN_AGAIN } from "@/cli/errors";

/** Refresh this long before the access token expires, so it does not run out on its way to the API. */
const REFRESH_MARGIN_SECONDS = 30;

const storedTokensSchema = z.object({
  /** The provider that issued them: tokens are never sent to another one. */
  issuer: z.string(),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  /** Seconds since the epoch. */
  expires_at: z.number().int(),
  scope: z.string().optional(),
});

export type StoredTokens = z.infer<typeof storedTokensSchema>;

/** The stored tokens, or null when there are none (never logged in, or logged out). */
export async function readTokens(file: string): Promise<StoredTokens | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new CliError(`Cannot read the token file ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = storedTokensSchema.safeParse(json);
  if (!parsed.success) throw new CliError(`The token file ${file} is damaged: delete it and ${LOGIN_AGAIN}`);
  return parsed.data;
}

/**
 * Replaces the token file in one step (write a new file, then rename it over the old one), so a crash or a second
 * process never sees half a file, or loses the rotated refresh token. Readable by this user only.
 */
export async function writeTokens(file: string, tokens: StoredTokens): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CliError(`Cannot write the token file ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

export async function deleteTokens(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** What to store from a token response; a response without a new refresh token keeps the old one. */
export function tokensToStore(
  issuer: string,
  response: { access_token: string; refresh_token?: string; expires_in?: number; scope?: string },
  previous: StoredTokens | null = null,
  now = Date.now(),
): StoredTokens {
  return {
    issuer,
    access_token: response.access_token,
    refresh_token: response.refresh_token ?? previous?.refresh_token,
    // No lifetime given: treat it as already due, so the next call refreshes rather than trusting it forever.
    expires_at: Math.floor(now / 1000) + (response.expires_in ?? 0),
    scope: response.scope ?? previous?.scope,
  };
}

/** Whether the access token has expired, or will within the margin. */
export function needsRefresh(tokens: StoredTokens, now = Date.now()): boolean {
  return tokens.expires_at - REFRESH_MARGIN_SECONDS <= Math.floor(now / 1000);
}

const LOCK_WAIT_MS = 15_000;
const LOCK_RETRY_MS = 50;
/** A lock older than this was left by a process that died mid-refresh. */
const STALE_LOCK_MS = 60_000;

/**
 * Runs `work` while holding `<file>.lock` (created exclusively), so two CLI processes never refresh with the same
 * refresh token: the second would be reuse, and the provider would end the whole grant (signing both out).
 */
export async function withTokenFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await (await open(lock, "wx", 0o600)).close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST")
        throw new CliError(`Cannot lock the token file ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
      const age = await stat(lock).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rm(lock, { force: true });
      else if (Date.now() > deadline)
        throw new CliError(`Another npm run cli is refreshing the tokens (${lock} exists): try again, or delete it if none is`);
      else await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}
