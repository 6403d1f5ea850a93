import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { constants, createWriteStream } from "node:fs";
import { access, chmod, chown, mkdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createClient } from "redis";
import { describeRedisUrl, isLoopbackRedisUrl, plaintextRedisProblem } from "@/lib/db/describe-redis-url";
import { reachableBy, secureSharedRoot, type RunAs } from "@/lib/launch/embedded-postgres";

const run = promisify(execFile);

export type LaunchRedis = {
  /** What the app connects with: a Redis user limited to `lab:` keys and the session store's commands. */
  url: string;
  /** The local server's admin user, for launch and test code only (SAVE, FLUSHALL, ACL); REDIS_URL when given from outside. */
  adminUrl: string;
  embedded: boolean;
  stop: () => Promise<void>;
};
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
/** The Redis user the app signs in as, and the commands lib/auth/stores/redis-session-store.ts sends (the client's CLIENT SETINFO may fail: it ignores that). */
const REDIS_APP_USER = "lab-app";
const APP_COMMANDS = [
  "ping",
  "multi",
  "exec",
  "discard",
  "del",
  "exists",
  "hset",
  "hget",
  "hgetall",
  "pexpireat",
  "sadd",
  "smembers",
  "srem",
  "eval",
  "scan",
];
const REDIS_ADMIN_USER = "lab-admin";
// The account redis-server runs as when the launcher is root; Debian's package creates it.
const REDIS_SYSTEM_USER = "redis";

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
    const listener = createServer();
    listener.once("error", reject);
    listener.listen(0, "127.0.0.1", () => {
      const address = listener.address();
      const port = typeof address === "object" && address ? address.port : 0;
      listener.close(() => (port ? resolve(port) : reject(new Error("The system gave no free port"))));
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
    const problem = plaintextRedisProblem(external, process.env.REDIS_ALLOW_PLAINTEXT === "1");
    if (problem) throw new Error(problem);
    const plaintext = new URL(external).protocol === "redis:" && !isLoopbackRedisUrl(external);
    log(
      plaintext
        ? `Using the Redis at REDIS_URL (${describeRedisUrl(external)}) over plain redis://, unencrypted, because REDIS_ALLOW_PLAINTEXT=1`
        : `Using the Redis at REDIS_URL (${describeRedisUrl(external)})`,
    );
    return { url: external, adminUrl: external, embedded: false, stop: () => Promise.resolve() };
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
  const logFile = path.join(dir, "redis.log");
  const runAs = await redisSystemUser();
  const workDir = await workingDirFor(runAs, dir);
  await refuseIfRunning(pidFile, workDir, log);

  const port = options.port !== undefined && options.port !== 0 ? options.port : await freeLoopbackPort();
  const adminPassword = await localPassword(path.join(dir, "password"));
  const appPassword = await localPassword(path.join(dir, "app-password"));
  const config = [
    `port ${port}`,
    "bind 127.0.0.1",
    "protected-mode yes",
    // No default user: every client signs in, the app as a user that reaches only `lab:` keys and the store's commands.
    "user default off",
    `user ${REDIS_ADMIN_USER} on >${adminPassword} ~* &* +@all`,
    `user ${REDIS_APP_USER} on >${appPassword} ~lab:* resetchannels -@all ${APP_COMMANDS.map((command) => `+${command}`).join(" ")}`,
    // Sessions live only as long as this server: no snapshots, no append-only file.
    'save ""',
    "appendonly no",
    `dir ${workDir}`,
    // The log goes to this launcher (stdout), which writes it beside the data: the Redis user need not reach that folder.
    'logfile ""',
    "daemonize no",
  ].join("\n");
  // A copy to read (passwords included, so mode 600); the server gets it on stdin, so it needs no access to this folder.
  await writeFile(path.join(dir, "redis.conf"), `${config}\n`, { mode: 0o600 });

  const child = spawn(binary, ["-"], { ...runAs, cwd: workDir, stdio: ["pipe", "pipe", "pipe"] });
  child.stdin.end(`${config}\n`);
  const logStream = createWriteStream(logFile, { flags: "a", mode: 0o600 });
  child.stdout.pipe(logStream, { end: false });
  child.once("close", () => logStream.end());
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  if (child.pid !== undefined) await writeFile(pidFile, String(child.pid), { mode: 0o600 });
  const url = `redis://${REDIS_APP_USER}:${appPassword}@127.0.0.1:${port}`;
  const adminUrl = `redis://${REDIS_ADMIN_USER}:${adminPassword}@127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(child, adminUrl, logFile, () => stderr);
  } catch (error) {
    await stopRedisServer(child);
    await rm(pidFile, { force: true });
    throw error;
  }
  log(
    `Redis is up on 127.0.0.1:${port} (no persistence; data folder ${workDir}${runAs ? `, running as the ${REDIS_SYSTEM_USER} user` : ""})`,
  );
  return {
    url,
    adminUrl,
    embedded: true,
    stop: async () => {
      await stopRedisServer(child);
      await rm(pidFile, { force: true });
    },
  };
}

/** Nothing in Redis needs root, so a root launcher runs it as the `redis` user (created when missing), as PostgreSQL runs as `postgres`. */
async function redisSystemUser(): Promise<RunAs> {
  if (userInfo().uid !== 0) return undefined;
  const ids = async () => ({
    uid: Number((await run("id", ["-u", REDIS_SYSTEM_USER])).stdout),
    gid: Number((await run("id", ["-g", REDIS_SYSTEM_USER])).stdout),
  });
  try {
    return await ids();
  } catch {
    // Another launcher may be creating it at the same moment; whoever loses just looks it up.
    await run("useradd", [
      "--system",
      "--user-group",
      "--no-create-home",
      "--shell",
      "/usr/sbin/nologin",
      REDIS_SYSTEM_USER,
    ]).catch(() => undefined);
    return ids();
  }
}

/**
 * Where redis-server works (its `dir`, for a SAVE): the data folder itself; or, when it runs as the redis user,
 * a folder of that user's inside it, or under a root-owned shared folder when the way to the checkout is
 * closed to that user (CI clones where it likes).
 */
async function workingDirFor(runAs: RunAs, dir: string): Promise<string> {
  if (!runAs) return dir;
  let workDir: string;
  if (await reachableBy(runAs, path.dirname(dir))) {
    // The server may pass through the folder (its passwords stay root's, mode 600), not list it.
    await chmod(dir, 0o711);
    workDir = path.join(dir, "server");
  } else {
    workDir = path.join(await secureSharedRoot(), `redis-${createHash("sha256").update(dir).digest("hex").slice(0, 12)}`);
  }
  await mkdir(workDir, { recursive: true, mode: 0o700 });
  await chown(workDir, runAs.uid, runAs.gid);
  return workDir;
}

/**
 * Loopback is shared with every local user, so Redis asks for passwords, kept (mode 600) beside its data
 * like the embedded PostgreSQL's: the same across restarts, so clients reconnect after one.
 */
async function localPassword(file: string): Promise<string> {
  const existing = (await readFile(file, "utf8").catch(() => "")).trim();
  if (existing) return existing;
  const password = randomBytes(18).toString("base64url");
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

async function refuseIfRunning(pidFile: string, workDir: string, log: (line: string) => void) {
  const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
  if (!pid) return;
  // A pid can be reused: only a redis-server working in this very folder counts. Redis rewrites its
  // command line to "redis-server host:port", but it changes into its `dir`, so its cwd names the folder.
  const commandLine = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  const workingDir = await readlink(`/proc/${pid}/cwd`).catch(() => "");
  if (commandLine.includes("redis-server") && workingDir === workDir) {
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
function stopRedisServer(child: ChildProcess): Promise<void> {
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
