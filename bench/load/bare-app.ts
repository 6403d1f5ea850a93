import { spawn } from "node:child_process";
import { access, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { stopProcess, waitForHealthy } from "@/lib/launch/next-server";
import { localBin, runCommand } from "@/lib/launch/run-command";
import { sourceStamp } from "@/lib/launch/source-stamp";

/** The reference app: this project's baseline route in a bare Next app, with no proxy, instrumentation or server of ours. */
const BARE_APP_DIR = "bench/bare-next-app";
const STAMP = path.join(BARE_APP_DIR, ".next/lab-source-stamp");
const BUILD_INPUTS = [path.join(BARE_APP_DIR, "app"), path.join(BARE_APP_DIR, "next.config.mjs"), "package-lock.json"];

/**
 * Builds the bare app with the repository's own `next` when its sources changed. Webpack, because
 * Turbopack (16.4) resolves `instrumentation.ts` at its root, which must be this repository's (for
 * node_modules), so the reference would run this project's start-up code.
 */
async function ensureBareBuild(log: (line: string) => void) {
  const stamp = await sourceStamp(BUILD_INPUTS);
  const built = await access(path.join(BARE_APP_DIR, ".next/BUILD_ID")).then(
    () => true,
    () => false,
  );
  if (built && (await readFile(STAMP, "utf8").catch(() => "")) === stamp) return;
  log(`building the bare reference app (${BARE_APP_DIR})`);
  await runCommand(localBin("next"), ["build", "--webpack", BARE_APP_DIR], {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  });
  await writeFile(STAMP, stamp);
}

/** Builds if needed and serves the bare app with plain `next start` on `port`. */
export async function startBareApp(
  port: number,
  log: (line: string) => void,
): Promise<{ baseUrl: string; pid?: number; stop: () => Promise<void> }> {
  await ensureBareBuild(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  // Only what `next start` needs: none of the site's secrets or database reach the reference.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const child = spawn(
    process.execPath,
    [localBin("next"), "start", BARE_APP_DIR, "--port", String(port), "--hostname", "127.0.0.1"],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env,
    },
  );
  const stop = () => stopProcess(child);
  try {
    await waitForHealthy(`${baseUrl}/api/lab/baseline`, child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, pid: child.pid, stop };
}
