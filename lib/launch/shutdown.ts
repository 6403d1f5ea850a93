/**
 * One way out for a launcher: on a signal or a start-up failure, run every registered cleanup
 * (newest first, each awaited), once, then exit. Cleanups registered while it runs still run.
 */
export function createShutdown(log: (line: string) => void) {
  const cleanups: (() => Promise<unknown>)[] = [];
  let exiting: Promise<never> | undefined;

  const shutdown = (code: number): Promise<never> => {
    exiting ??= (async () => {
      for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
        await cleanup().catch((error: unknown) =>
          log(`Cleanup failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
      process.exit(code);
    })();
    return exiting;
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

  return {
    shutdown,
    /** Registers a cleanup; during a shutdown it runs right away, so nothing started late is left behind. */
    onShutdown: (cleanup: () => Promise<unknown>) => {
      cleanups.push(cleanup);
      if (exiting) void shutdown(0);
    },
    get stopping() {
      return exiting !== undefined;
    },
  };
}
