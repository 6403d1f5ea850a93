import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, mkdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { createClient } from "redis";
import { describeRedisUrl } from "@/lib/db/describe-redis-url";

export type LaunchRedis = { url: string; embedded: boolean; stop: () => Promise<void> };
export type LocalRedisOptions = {
  /** The launcher's data folder; Redis keeps its config, pid file and log in `<dataDir>/redis`. */
  dataDir: string;
  /** 0 (the default) asks the system for a free port. */
  port?: number;
  log?: (line: string) => void;
  /** Where to look for redis-server; the usual Debian and /usr/local places unless a test says otherwise. */
  binaryCandidates?: readonly string[];
};

const BINARY_CANDIDATES = ["/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server"];
const READY_WITHIN_MS = 15_000;

async function findRedisServer(candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) {
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}

/** A port on 127.0.0.1 that nothing holds right now, chosen by the system. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("The system gave no free port"))));
    });
  });
}

/**
 * REDIS_URL when set; otherwise a local `redis-server` (loopback, no persistence) when the binary is
 * installed; otherwise undefined, said in one line: Redis is an optional session store, so the site starts without it.
 */
export async function startRedis(options: LocalRedisOptions): Promise<LaunchRedis | undefined> {
  const log = options.log ?? console.log;
  const external = process.env.REDIS_URL?.trim();
  if (external) {
    log(`Using the Redis at REDIS_URL (${describeRedisUrl(external)})`);
    return { url: external, embedded: false, stop: () => Promise.resolve() };
  }
  const binary = await findRedisServer(options.binaryCandidates ?? BINARY_CANDIDATES);
  if (!binary) {
    log(
      "redis-server is not installed, so the Redis session store is unavailable: `apt-get install redis-server` (Debian) or set REDIS_URL",
    );
    return undefined;
  }
  return startLocalRedis(binary, options, log);
}

async function startLocalRedis(binary: string, options: LocalRedisOptions, log: (line: string) => void): Promise<LaunchRedis> {
  const dir = path.resolve(options.dataDir, "redis");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const pidFile = path.join(dir, "redis.pid");
  const configFile = path.join(dir, "redis.conf");
  const logFile = path.join(dir, "redis.log");
  await refuseIfRunning(pidFile, dir, log);

  const port = options.port !== undefined && options.port !== 0 ? options.port : await freeLoopbackPort();
  const password = await localPassword(path.join(dir, "password"));
  const config = [
    `port ${port}`,
    "bind 127.0.0.1",
    "protected-mode yes",
    `requirepass ${password}`,
    // Sessions live only as long as this server: no snapshots, no append-only file.
    'save ""',
    "appendonly no",
    `dir ${dir}`,
    `pidfile ${pidFile}`,
    `logfile ${logFile}`,
    "daemonize no",
  ].join("\n");
  await writeFile(configFile, `${config}\n`, { mode: 0o600 });

  const child = spawn(binary, [configFile], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `redis://:${password}@127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(child, url, logFile, () => stderr);
  } catch (error) {
    await stopRedisServer(child);
    throw error;
  }
  log(`Redis is up on 127.0.0.1:${port} (no persistence; data folder ${dir})`);
  return {
    url,
    embedded: true,
    stop: async () => {
      await stopRedisServer(child);
      await rm(pidFile, { force: true });
    },
  };
}

/**
 * Loopback is shared with every local user, so Redis asks for a password, kept (mode 600) beside its data
 * like the embedded PostgreSQL's: the same across restarts, so clients reconnect after one.
 */
async function localPassword(file: string): Promise<string> {
  const existing = (await readFile(file, "utf8").catch(() => "")).trim();
  if (existing) return existing;
  const password = randomBytes(18).toString("base64url");
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

async function refuseIfRunning(pidFile: string, dir: string, log: (line: string) => void) {
  const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
  if (!pid) return;
  // A pid can be reused: only a redis-server working in this very folder counts. Redis rewrites its
  // command line to "redis-server host:port", but it changes into its `dir`, so its cwd names the folder.
  const commandLine = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  const workingDir = await readlink(`/proc/${pid}/cwd`).catch(() => "");
  if (commandLine.includes("redis-server") && workingDir === dir) {
    throw new Error(
      `Redis is already running for ${path.dirname(pidFile)} (pid ${pid}). Stop the other launcher, or kill ${pid}.`,
    );
  }
  log(`Removing a stale Redis pid file (pid ${pid} is not this folder's server)`);
  await rm(pidFile, { force: true });
}

async function waitUntilAnswering(child: ChildProcess, url: string, logFile: string, stderr: () => string) {
  let exited: number | null | undefined;
  let spawnError: Error | undefined;
  child.once("exit", (code) => (exited = code));
  child.once("error", (error) => (spawnError = error));
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`redis-server could not be started: ${spawnError.message}`);
    if (exited !== undefined) {
      const tail = (await readFile(logFile, "utf8").catch(() => "")).trim().split("\n").slice(-3).join(" | ");
      throw new Error(`redis-server exited with code ${String(exited)}: ${tail || stderr().trim()}`);
    }
    if (await answersPing(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server did not answer PING within ${READY_WITHIN_MS / 1000} s`);
}

/** One connection, one PING, no retries: true only when the server answers PONG. */
export async function answersPing(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 500, reconnectStrategy: false } });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

/** SIGTERM: Redis closes its clients and exits (nothing to save); SIGKILL if it has not within 5 s. */
export function stopRedisServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
