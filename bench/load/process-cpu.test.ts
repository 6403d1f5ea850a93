import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cpuSnapshot, roleOf, treeCpuMs } from "@/bench/load/cpu-meter";
import { clockTicksPerSecond, parseProcStat, readProcessCpu } from "@/bench/load/process-cpu";

/**
 * A child that burns `busyMs` of its own CPU (as it measures it), renamed to `title`, then reports
 * that CPU to its parent and idles until told to go.
 */
const BURNER = `
process.title = process.argv[1];
const busyMs = Number(process.argv[2]);
const cpuMs = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
while (cpuMs() < busyMs) Math.sqrt(Math.random());
process.send({ cpuMs: cpuMs() });
process.on("message", () => process.exit(0));
`;

const children: ChildProcess[] = [];

function startBurner(title: string, busyMs: number): { child: ChildProcess; reported: Promise<number> } {
  const child = spawn(process.execPath, ["-e", BURNER, title, String(busyMs)], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  children.push(child);
  const reported = new Promise<number>((resolve, reject) => {
    child.once("message", (message: { cpuMs: number }) => resolve(message.cpuMs));
    child.once("exit", (code) => reject(new Error(`the burner exited early (${String(code)})`)));
  });
  // A child killed on purpose rejects this; a test that waits for the report still sees the rejection.
  reported.catch(() => undefined);
  return { child, reported };
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

describe("parseProcStat", () => {
  it("reads ppid and utime + stime after a name that holds spaces and parentheses", () => {
    const line = "4242 (a (b) c) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 37 0 0 20 0 1 0 123 0 0";
    expect(parseProcStat(4242, line)).toEqual({ pid: 4242, ppid: 17, name: "a (b) c", cpuTicks: 287 });
  });

  it("refuses a line it cannot read", () => {
    expect(parseProcStat(1, "garbage")).toBeUndefined();
    expect(parseProcStat(1, "1 (x) S y")).toBeUndefined();
  });
});

describe("reading a real process's CPU from /proc", () => {
  it("sees a busy child's CPU grow, and agrees with the child's own count", async () => {
    const { child, reported } = startBurner("lab-burner", 300);
    const pid = child.pid ?? 0;
    const childMs = await reported;
    const info = await readProcessCpu(pid);
    expect(info?.ppid).toBe(process.pid);
    const procMs = ((info?.cpuTicks ?? 0) * 1000) / clockTicksPerSecond();
    // /proc counts whole ticks; the child counted its CPU a moment before.
    expect(procMs).toBeGreaterThanOrEqual(250);
    expect(Math.abs(procMs - childMs)).toBeLessThan(60);
  });

  it("answers undefined for a process that has gone", async () => {
    const { child } = startBurner("lab-burner", 1);
    const pid = child.pid ?? 0;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    await vi.waitFor(async () => expect(await readProcessCpu(pid)).toBeUndefined());
  });
});

describe("treeCpuMs", () => {
  it("charges a descendant's CPU between two snapshots to its role by name", async () => {
    const before = await cpuSnapshot();
    const store = startBurner("redis-server", 200);
    const app = startBurner("lab-app", 100);
    const [storeMs, appMs] = await Promise.all([store.reported, app.reported]);
    const after = await cpuSnapshot();
    const ms = treeCpuMs(before, after, { rootPid: process.pid, includeRoot: false }, clockTicksPerSecond());
    expect(Math.abs(ms.redis - storeMs)).toBeLessThan(60);
    // This test process and vitest's other children are in the app role too, so only a floor.
    expect(ms.app).toBeGreaterThanOrEqual(appMs - 30);
    expect(ms.postgres).toBe(0);
  });

  it("counts only what was used after the first snapshot", async () => {
    const { child, reported } = startBurner("redis-server", 200);
    await reported;
    const before = await cpuSnapshot();
    const after = await cpuSnapshot();
    expect(after.get(child.pid ?? 0)?.cpuTicks).toBeGreaterThan(0);
    const ms = treeCpuMs(before, after, { rootPid: process.pid, includeRoot: false }, clockTicksPerSecond());
    expect(ms.redis).toBeLessThan(30);
  });
});

describe("roleOf", () => {
  it("knows PostgreSQL's and Redis's process names, and counts the rest as the app", () => {
    expect(roleOf("postgres")).toBe("postgres");
    expect(roleOf("redis-server")).toBe("redis");
    expect(roleOf("node")).toBe("app");
    expect(roleOf("next-server (v1")).toBe("app");
  });
});
