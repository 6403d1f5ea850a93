import { mkdir, mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { controlSocketPath, restartClusterInstance, serveClusterControl } from "@/lib/launch/cluster-control";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
  vi.restoreAllMocks();
});

const mode = async (file: string) => (await stat(file)).mode & 0o777;

describe("serveClusterControl", () => {
  it("listens in a folder only its owner can enter, even one that was left open before", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "cluster-control-"));
    const socket = controlSocketPath(dataDir);
    await mkdir(path.dirname(socket), { mode: 0o755 });
    close = await serveClusterControl(socket, () => Promise.resolve());
    expect(path.dirname(socket)).not.toBe(dataDir);
    expect(await mode(path.dirname(socket))).toBe(0o700);
    expect(await mode(socket)).toBe(0o600);
    await expect(restartClusterInstance(socket, "instance-1")).resolves.toBeUndefined();
  });

  it("answers a failed restart without its internal message, which goes to the cluster's log", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "cluster-control-"));
    const socket = controlSocketPath(dataDir);
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    close = await serveClusterControl(socket, () =>
      Promise.reject(new Error("spawn /work/secret/path/node ENOENT (DATABASE_URL=postgresql://u:pw@127.0.0.1)")),
    );
    const refusal = await restartClusterInstance(socket, "instance-2").then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toEqual(new Error("Restarting instance-2 failed: Restarting instance-2 failed; the cluster's log says why"));
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("/work/secret/path/node ENOENT"));
  });
});
