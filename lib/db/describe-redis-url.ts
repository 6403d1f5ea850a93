/** Host and port of a Redis URL, never its password: what a log line may say about it. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "6379"}`;
  } catch {
    return "the configured Redis";
  }
}

const LOOPBACK_HOSTS = new Set(["localhost", "::1", "[::1]"]);

/** Whether a Redis URL stays on this machine: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackRedisUrl(url: string): boolean {
  const { hostname } = new URL(url);
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Why a Redis URL may not be used, or undefined: sessions and the Redis password cross the network, so a
 * Redis on another host is reached over TLS (rediss://) unless REDIS_ALLOW_PLAINTEXT=1 says the network is private.
 */
export function plaintextRedisProblem(url: string, allowPlaintext: boolean): string | undefined {
  // Not a URL at all is another error, said by whoever parses it.
  if (allowPlaintext || !URL.canParse(url) || new URL(url).protocol !== "redis:" || isLoopbackRedisUrl(url)) return undefined;
  return `REDIS_URL reaches ${describeRedisUrl(url)} over plain redis://, so sessions and the Redis password would cross the network unencrypted: use rediss:// (TLS), or set REDIS_ALLOW_PLAINTEXT=1 if that network is private`;
}
