import { listProcesses, type ProcessCpu } from "@/bench/load/process-cpu";

/** Whose CPU a process's time is counted as: the app's, PostgreSQL's or Redis's. */
export type CpuRole = "app" | "postgres" | "redis";
export type CpuMs = Record<CpuRole, number>;

/** A server's process tree: `rootPid` is a launcher (not counted) or the server itself (`includeRoot`). */
export type ServerTree = { rootPid: number; includeRoot: boolean };

/** Every process's CPU at one moment, by pid. */
export type CpuSnapshot = ReadonlyMap<number, ProcessCpu>;

export async function cpuSnapshot(): Promise<CpuSnapshot> {
  return new Map((await listProcesses()).map((info) => [info.pid, info]));
}

/** PostgreSQL backends keep the name `postgres` (only their command line changes); Redis keeps `redis-server`. */
export function roleOf(name: string): CpuRole {
  if (name === "postgres") return "postgres";
  if (name === "redis-server") return "redis";
  return "app";
}

function descendants(snapshot: CpuSnapshot, tree: ServerTree): ProcessCpu[] {
  const children = new Map<number, ProcessCpu[]>();
  for (const info of snapshot.values()) children.set(info.ppid, [...(children.get(info.ppid) ?? []), info]);
  const root = tree.includeRoot ? snapshot.get(tree.rootPid) : undefined;
  const found: ProcessCpu[] = [];
  const queue = [...(root ? [root] : []), ...(children.get(tree.rootPid) ?? [])];
  for (let info = queue.pop(); info; info = queue.pop()) {
    found.push(info);
    queue.push(...(children.get(info.pid) ?? []));
  }
  return found;
}

/**
 * CPU milliseconds each role of `tree` used between two snapshots. A process that started in between
 * counts whole; one that exited in between is lost (PostgreSQL's pooled backends and Redis live on).
 */
export function treeCpuMs(before: CpuSnapshot, after: CpuSnapshot, tree: ServerTree, ticksPerSecond: number): CpuMs {
  const ms: CpuMs = { app: 0, postgres: 0, redis: 0 };
  for (const info of descendants(after, tree)) {
    const earlier = before.get(info.pid);
    // A reused pid under another name is a new process: all its time is new.
    const startTicks = earlier?.name === info.name && earlier.cpuTicks <= info.cpuTicks ? earlier.cpuTicks : 0;
    ms[roleOf(info.name)] += ((info.cpuTicks - startTicks) * 1000) / ticksPerSecond;
  }
  return ms;
}
