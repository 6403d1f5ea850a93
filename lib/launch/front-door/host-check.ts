const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

export type HostPolicy = {
  /** The public URL (AUTH_URL); its host is always accepted. */
  publicUrl?: string;
  /** The port this server listens on: loopback literals are accepted on it too. */
  listenPort: number;
};

/** `host[:port]` split, with `defaultPort` filled in; undefined when it is not a plain host. */
function parseHost(value: string, defaultPort: string): { hostname: string; port: string } | undefined {
  // A Host header is a host and an optional port, nothing else (no user info, path or spaces).
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value);
  if (!match?.[1]) return undefined;
  return { hostname: match[1].toLowerCase(), port: match[2] ?? defaultPort };
}

/**
 * Whether a request's Host header names this site. Anything else is refused with 421, so that a
 * DNS-rebinding page (evil.example resolving to 127.0.0.1) cannot talk to a local instance.
 */
export function isAllowedHost(hostHeader: string | undefined, policy: HostPolicy): boolean {
  if (!hostHeader) return false;
  const publicUrl = policy.publicUrl ? new URL(policy.publicUrl) : undefined;
  // A Host without a port means the public scheme's default one (a TLS proxy forwards https's 443 that way).
  const defaultPort = publicUrl?.protocol === "https:" ? "443" : "80";
  const requested = parseHost(hostHeader, defaultPort);
  if (!requested) return false;
  const ports = new Set([String(policy.listenPort)]);
  if (publicUrl) {
    const publicHost = parseHost(publicUrl.host, defaultPort);
    if (publicHost?.hostname === requested.hostname && publicHost.port === requested.port) return true;
    if (publicHost) ports.add(publicHost.port);
  }
  return LOOPBACK_HOSTNAMES.has(requested.hostname) && ports.has(requested.port);
}
