const LOOPBACK_HOSTNAMES = ["localhost", "127.0.0.1", "[::1]"];

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
  if (!match) return undefined;
  const [, hostname = "", port] = match;
  return { hostname: hostname.toLowerCase(), port: port ?? defaultPort };
}

/**
 * Whether a request's Host header names this site, as a check worked out once per server. Anything
 * else is refused with 421, so that a DNS-rebinding page (evil.example resolving to 127.0.0.1)
 * cannot talk to a local instance. The few Host values that name this site are listed in advance,
 * so a request costs one lookup of its lowercased header.
 */
export function hostCheck(policy: HostPolicy): (hostHeader: string | undefined) => boolean {
  const publicUrl = policy.publicUrl ? new URL(policy.publicUrl) : undefined;
  // A Host without a port means the public scheme's default one (a TLS proxy forwards https's 443 that way).
  const defaultPort = publicUrl?.protocol === "https:" ? "443" : "80";
  const allowed = new Set<string>();
  const allow = (hostname: string, port: string) => {
    allowed.add(`${hostname}:${port}`);
    if (port === defaultPort) allowed.add(hostname);
  };
  const ports = new Set([String(policy.listenPort)]);
  const publicHost = publicUrl ? parseHost(publicUrl.host, defaultPort) : undefined;
  if (publicHost) {
    allow(publicHost.hostname, publicHost.port);
    ports.add(publicHost.port);
  }
  for (const hostname of LOOPBACK_HOSTNAMES) for (const port of ports) allow(hostname, port);
  return (hostHeader) => hostHeader !== undefined && allowed.has(hostHeader.toLowerCase());
}

/** `hostCheck(policy)(hostHeader)`, for a single question. */
export function isAllowedHost(hostHeader: string | undefined, policy: HostPolicy): boolean {
  return hostCheck(policy)(hostHeader);
}
