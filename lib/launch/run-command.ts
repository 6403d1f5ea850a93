import { spawn } from "node:child_process";

/** Runs a command with inherited output; rejects with a one-line reason when it fails. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`\`${command} ${args.join(" ")}\` failed (${signal ?? `exit ${String(code)}`})`)),
    );
  });
}

/** A binary from this project's node_modules/.bin. */
export function localBin(name: string): string {
  return `node_modules/.bin/${name}`;
}
