import { execFileSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";

/** One process as /proc/<pid>/stat describes it: its parent, its name and the CPU it has used, in clock ticks. */
export type ProcessCpu = { pid: number; ppid: number; name: string; cpuTicks: number };

/**
 * Parses one /proc/<pid>/stat line. The name (field 2) sits in parentheses and may itself hold
 * spaces or parentheses, so the fields after it are counted from the last ")".
 */
export function parseProcStat(pid: number, line: string): ProcessCpu | undefined {
  const open = line.indexOf("(");
  const close = line.lastIndexOf(")");
  if (open < 0 || close < open) return undefined;
  // After the name: state (3), ppid (4), … utime (14), stime (15): indexes 0, 1, … 11, 12 here.
  const rest = line.slice(close + 2).split(" ");
  const ppid = Number(rest[1]);
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (![ppid, utime, stime].every(Number.isFinite)) return undefined;
  return { pid, ppid, name: line.slice(open + 1, close), cpuTicks: utime + stime };
}

/** One process's CPU so far, or undefined once it has gone. */
export async function readProcessCpu(pid: number): Promise<ProcessCpu | undefined> {
  const line = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  return line === undefined ? undefined : parseProcStat(pid, line);
}

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (USER_HZ), in which /proc counts CPU time; 100 where getconf is missing. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    const answer = Number(
      (() => {
        try {
          return execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim();
        } catch {
          return "";
        }
      })(),
    );
    ticksPerSecond = Number.isInteger(answer) && answer > 0 ? answer : 100;
  }
  return ticksPerSecond;
}

/** Every process this user can see, once. */
export async function listProcesses(): Promise<ProcessCpu[]> {
  const pids = (await readdir("/proc")).filter((entry) => /^\d+$/.test(entry)).map(Number);
  return (await Promise.all(pids.map(readProcessCpu))).filter((info): info is ProcessCpu => info !== undefined);
}
