import { BlockList, isIP } from "node:net";

/** `::ffff:127.0.0.1` is how Node reports an IPv4 peer on a dual-stack socket. */
function normalize(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

const family = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/** Whose X-Forwarded-For is believed: at most `hops` proxies, each of which must be in `proxies`. */
export type ProxyTrust = { hops: number; proxies: BlockList };

/**
 * AUTH_TRUSTED_PROXIES (addresses or CIDRs, like `127.0.0.1` or `10.0.0.0/8`) as a list to check peers
 * against; throws naming the first entry that is neither.
 */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix, extra] = entry.split("/");
    const type = family(address);
    const maxPrefix = type === "ipv6" ? 128 : 32;
    if (
      !isIP(address) ||
      extra !== undefined ||
      (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) ||
      Number(prefix) > maxPrefix
    ) {
      throw new Error(`"${entry}" is not an IP address or a CIDR range like 10.0.0.0/8`);
    }
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** No proxy is believed: the client is always the TCP peer. */
export const NO_PROXY: ProxyTrust = { hops: 0, proxies: new BlockList() };

/** Whether the TCP peer is a proxy whose forwarded headers may be believed. */
export function isTrustedProxy(socketAddress: string | undefined, trust: ProxyTrust): boolean {
  if (!socketAddress || trust.hops === 0) return false;
  const peer = normalize(socketAddress);
  return trust.proxies.check(peer, family(peer));
}

/**
 * The client's address. Each trusted proxy appends the address it saw to X-Forwarded-For, so walking
 * [...X-Forwarded-For, socket peer] from the right, every address that is a trusted proxy passes the
 * question on to the entry before it, for at most `hops` steps; the first address that is not a trusted
 * proxy is the client. Whatever a client wrote further left, or sent straight to this server, is ignored.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trust: ProxyTrust,
): string | null {
  if (!socketAddress) return null;
  let client = normalize(socketAddress);
  if (trust.hops === 0) return client;
  const forwarded = (forwardedFor ?? "")
    .split(",")
    .map((entry) => normalize(entry.trim()))
    .filter(Boolean);
  for (let hop = 0; hop < trust.hops && trust.proxies.check(client, family(client)); hop++) {
    const reported = forwarded.pop();
    // A trusted proxy that reported nothing usable: only the address it connected from is known for sure.
    if (!reported || !isIP(reported)) break;
    client = reported;
  }
  return client;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** Whether an address is this machine's own (127.0.0.0/8 or ::1). */
export function isLoopbackAddress(address: string | null): boolean {
  return address !== null && isIP(address) !== 0 && LOOPBACK.check(address, family(address));
}
