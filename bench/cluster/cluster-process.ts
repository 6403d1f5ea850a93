import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { ClusterRouting } from "@/lib/launch/nginx-config";

export type ClusterProcessOptions = {
  instances: number;
  port: number;
  "first-instance-port": number;
  "db-port": number;
  "data-dir": string;
};

const STARTUP_LIMIT_MS = 15 * 60_000;

/** True once `url` answers 200. */
const answers = (url: string) =>
  fetch(url).then(
    (response) => response.ok,
    () => false,
  );

/**
 * Runs `npm run cluster` as a child, its output in a log file under the data folder, and resolves once nginx
 * answers. The check measures it from outside, as a browser would.
 */
export async function startClusterProcess(
  options: ClusterProcessOptions,
  routing: ClusterRouting,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv,
) {
  const dataDir = path.resolve(options["data-dir"]);
  await mkdir(dataDir, { recursive: true });
  const logFile = path.join(dataDir, `check-${routing}.log`);
  const output = createWriteStream(logFile);
  const args = [
    ...["--import", "tsx", "lib/launch/cluster.ts", "--instances", String(options.instances), "--port", String(options.port)],
    ...["--first-instance-port", String(options["first-instance-port"]), "--db-port", String(options["db-port"])],
    ...["--data-dir", options["data-dir"], ...(routing === "sticky" ? ["--sticky"] : [])],
  ];
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(output);
  child.stderr.pipe(output);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (running()) child.kill("SIGTERM");
    await exited;
  };
  const lastLines = async () => (await readFile(logFile, "utf8").catch(() => "")).split("\n").slice(-30).join("\n");

  const baseUrl = `http://localhost:${options.port}`;
  const started = Date.now();
  let lastNote = started;
  while (!(await answers(`${baseUrl}/api/health`))) {
    if (!running()) throw new Error(`The ${routing} cluster exited before it served (log: ${logFile}):\n${await lastLines()}`);
    if (Date.now() - started > STARTUP_LIMIT_MS) {
      await stop();
      throw new Error(`The ${routing} cluster did not serve within ${STARTUP_LIMIT_MS / 60_000} min (log: ${logFile})`);
    }
    if (Date.now() - lastNote > 15_000) {
      lastNote = Date.now();
      log(
        `  still starting (${Math.round((lastNote - started) / 1000)} s; a build after source changes takes minutes; log: ${logFile})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const databaseUrl = (await readFile(path.join(dataDir, "database-url"), "utf8")).trim();
  const redisAvailable = await readFile(path.join(dataDir, "redis-url"), "utf8").then(
    (url) => url.trim() !== "",
    () => false,
  );
  return { baseUrl, dataDir, databaseUrl, redisAvailable, stop };
}
