import { isIP } from "node:net";

/** The eight 16-bit groups of an IPv6 address, expanded (`2001:db8::1` → 2001, db8, 0, 0, 0, 0, 0, 1). */
function ipv6Groups(address: string): string[] {
  let text = address.split("%")[0] ?? address;
  // A dotted IPv4 tail (`64:ff9b::192.0.2.1`) is the last two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill("0");
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16).toString(16));
}

/**
 * Whom a rate limit counts a request against. An IPv4 client is its address. An IPv6 client is its /64:
 * a subscriber is handed a whole /64 (or more), so counting single addresses would give one person
 * 2^64 buckets. Requests with no known address share one bucket, so the limit still holds for them together.
 */
export function rateLimitClient(ipAddress: string | null): string {
  if (!ipAddress) return "unknown";
  const mappedIpv4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ipAddress)?.[1];
  if (mappedIpv4) return mappedIpv4;
  if (isIP(ipAddress) !== 6) return ipAddress;
  return `${ipv6Groups(ipAddress).slice(0, 4).join(":")}::/64`;
}
