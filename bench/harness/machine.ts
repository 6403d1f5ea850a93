import { readFileSync } from "node:fs";
import { cpus, release, totalmem, type } from "node:os";

/** The CPU model as /proc/cpuinfo names it, or as Node reports it where there is no /proc. */
function cpuModel(): string {
  const cpuinfo = (() => {
    try {
      return readFileSync("/proc/cpuinfo", "utf8");
    } catch {
      return "";
    }
  })();
  return /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model.trim() ?? "unknown";
}

/** Where a measurement ran: results files carry it, since numbers mean little without the machine. */
export function describeMachine() {
  return {
    cpuModel: cpuModel(),
    cpus: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
  };
}
