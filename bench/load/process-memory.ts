import { readdir, readFile } from "node:fs/promises";

type ProcessInfo = { pid: number; ppid: number; name: string; rssKiB: number };

async function readProcess(pid: number): Promise<ProcessInfo | undefined> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => undefined);
  if (!status) return undefined;
  const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, "m").exec(status)?.[1] ?? "";
  return { pid, ppid: Number(field("PPid")), name: field("Name"), rssKiB: Number.parseInt(field("VmRSS")) || 0 };
}

/**
 * Resident memory of `rootPid`'s descendants, leaving PostgreSQL out, in MiB (Linux /proc); with
 * `includeRoot`, of `rootPid` itself too (a server that is the process, not a launcher's child).
 */
export async function serverTreeRssMiB(rootPid: number, includeRoot = false): Promise<number> {
  const pids = (await readdir("/proc")).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const processes = (await Promise.all(pids.map(readProcess))).filter((info): info is ProcessInfo => info !== undefined);
  const children = new Map<number, ProcessInfo[]>();
  for (const info of processes) children.set(info.ppid, [...(children.get(info.ppid) ?? []), info]);
  let total = 0;
  const root = includeRoot ? processes.find((info) => info.pid === rootPid) : undefined;
  const queue = [...(root ? [root] : []), ...(children.get(rootPid) ?? [])];
  for (let info = queue.pop(); info; info = queue.pop()) {
    if (info.name !== "postgres") total += info.rssKiB;
    queue.push(...(children.get(info.pid) ?? []));
  }
  return total / 1024;
}
