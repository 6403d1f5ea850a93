import "server-only";
import { createClient } from "redis";
import { getEnv } from "@/lib/env";
import { SessionStoreUnavailableError } from "@/lib/db/store-unavailable";
import { describeRedisUrl } from "@/lib/db/describe-redis-url";

/** Fails fast and heals itself: see connectRedis. */
function createFailFastClient(url: string, commandTimeoutMs: number, connectTimeoutMs: number) {
  return createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs },
    socket: {
      connectTimeout: connectTimeoutMs,
      // Always a number: the client never gives up, so Redis coming back needs no restart of the site.
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1_000),
    },
  });
}

type RedisClient = ReturnType<typeof createFailFastClient>;

export type RedisConnection = {
  client: RedisClient;
  /** Resolves once the client is connected; throws SessionStoreUnavailableError if it is not within the connect timeout. */
  ready: () => Promise<void>;
  /**
   * Runs commands on a connected client, and throws SessionStoreUnavailableError when they have not answered within
   * the command timeout: node-redis stops a command's own timeout once it is written, so a Redis that accepted the
   * connection and then hung (paused, swapping, SIGSTOP) would hang every request that reads a session.
   */
  run: <T>(commands: () => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
};

export type RedisConnectionOptions = {
  /** How long a command may wait for its answer, so a hung Redis is an outage, not a hung request. */
  commandTimeoutMs?: number;
  /** How long a request waits for a (re)connection before it is told the store is unavailable. */
  connectTimeoutMs?: number;
  log?: (line: string) => void;
};

/**
 * A Redis client that fails fast and heals itself: no offline queue (a command while disconnected fails at
 * once instead of waiting for a Redis that may never come back), a timeout on every command, and endless
 * reconnection in the background with a back-off capped at one second. Errors are logged once per outage,
 * by their class only (a message can name the server), and never crash the process.
 */
export function connectRedis(url: string, options: RedisConnectionOptions = {}): RedisConnection {
  const { commandTimeoutMs = 1_000, connectTimeoutMs = 1_000, log = (line: string) => console.error(line) } = options;
  const client = createFailFastClient(url, commandTimeoutMs, connectTimeoutMs);
  let outage = false;
  client.on("error", (error: unknown) => {
    if (outage) return;
    outage = true;
    log(
      `[redis] lost the connection to ${describeRedisUrl(url)} (${error instanceof Error ? error.constructor.name : "error"}); reconnecting in the background`,
    );
  });
  client.on("ready", () => {
    if (outage) log(`[redis] reconnected to ${describeRedisUrl(url)}`);
    outage = false;
  });
  // Resolves on the first connection; until then commands fail fast (see ready()).
  const connecting = client.connect().catch(() => undefined);

  const ready = (): Promise<void> => {
    if (client.isReady) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        client.off("ready", onReady);
        reject(new SessionStoreUnavailableError(new Error(`Redis at ${describeRedisUrl(url)} is not connected`)));
      }, connectTimeoutMs);
      client.once("ready", onReady);
    });
  };

  const run = async <T>(commands: () => Promise<T>): Promise<T> => {
    await ready();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new SessionStoreUnavailableError(
            new Error(`Redis at ${describeRedisUrl(url)} did not answer within ${commandTimeoutMs} ms`),
          ),
        );
      }, commandTimeoutMs);
    });
    try {
      return await Promise.race([commands(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    client,
    ready,
    run,
    close: async () => {
      client.destroy();
      await connecting;
    },
  };
}

declare global {
  // Development reloads modules; keep one Redis connection per process.
  var labRedisConnection: RedisConnection | undefined;
}

/** The one Redis connection for sessions, from REDIS_URL; undefined when no Redis is configured. */
export function redisSessionConnection(): RedisConnection | undefined {
  const url = getEnv().REDIS_URL;
  if (!url) return undefined;
  globalThis.labRedisConnection ??= connectRedis(url);
  return globalThis.labRedisConnection;
}
