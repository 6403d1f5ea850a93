import { isIP } from "node:net";

/** `::ffff:127.0.0.1` is how Node reports an IPv4 peer on a dual-stack socket. */
function normalize(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The client's address, believing only the last `trustedHops` proxies. Each trusted proxy appends
 * the address it saw to X-Forwarded-For, so the client is the entry `trustedHops` from the right of
 * [...X-Forwarded-For, socket peer]; whatever a client wrote further left is ignored.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedHops: number,
): string | null {
  const peer = socketAddress ? normalize(socketAddress) : undefined;
  if (trustedHops === 0) return peer ?? null;
  const forwarded = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, ...(peer ? [peer] : [])];
  const candidate = chain[chain.length - 1 - trustedHops];
  // Fewer hops than configured, or a value that is no address: only the peer is known for sure.
  return candidate && isIP(normalize(candidate)) ? normalize(candidate) : (peer ?? null);
}
