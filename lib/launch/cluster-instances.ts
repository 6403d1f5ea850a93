import type { ChildProcess } from "node:child_process";
import { spawnNextServer, stopProcess, waitForHealthy } from "@/lib/launch/next-server";

/** The cluster's app instances: started together, one restartable on purpose; any other exit is reported. */
export function clusterInstances(options: {
  ports: number[];
  env: (name: string) => NodeJS.ProcessEnv;
  onUnexpectedExit: (name: string, code: number | null) => void;
}) {
  const running = new Map<string, { port: number; child: ChildProcess }>();
  // Children stopped on purpose (a restart, or the cluster stopping): their exit is no failure.
  const stoppedOnPurpose = new WeakSet<ChildProcess>();
  // Once the cluster stops, a restart in flight must not start a process nobody will stop.
  let stopping = false;

  const spawnInstance = (name: string, port: number) => {
    const child = spawnNextServer({ dev: false, port, hostname: "127.0.0.1", env: options.env(name), label: name });
    child.on("exit", (code) => {
      if (!stoppedOnPurpose.has(child)) options.onUnexpectedExit(name, code);
    });
    running.set(name, { port, child });
    return waitForHealthy(`http://127.0.0.1:${port}/api/health`, child);
  };

  const stopInstance = (child: ChildProcess) => {
    stoppedOnPurpose.add(child);
    return stopProcess(child);
  };

  return {
    names: options.ports.map((_, index) => `instance-${index + 1}`),
    start: () => Promise.all(options.ports.map((port, index) => spawnInstance(`instance-${index + 1}`, port))),
    /** Stops one instance and starts it again on its port; resolves once it answers its health check. */
    async restart(name: string) {
      const instance = running.get(name);
      if (!instance) throw new Error(`There is no ${name} in this cluster`);
      await stopInstance(instance.child);
      if (stopping) throw new Error(`The cluster is stopping: ${name} stays stopped`);
      await spawnInstance(name, instance.port);
    },
    stopAll: () => {
      stopping = true;
      return Promise.all([...running.values()].map(({ child }) => stopInstance(child)));
    },
  };
}
