import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** AUTH_SECRET from the env, or one generated once and kept (mode 600) under the data folder. */
export async function localAuthSecret(dataDir: string, log: (line: string) => void): Promise<string> {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir, "auth-secret");
  const existing = (await readFile(file, "utf8").catch(() => "")).trim();
  if (existing) return existing;
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(33).toString("base64");
  await writeFile(file, secret, { mode: 0o600 });
  log(`Generated an AUTH_SECRET for local use in ${file}; set AUTH_SECRET to use your own`);
  return secret;
}
