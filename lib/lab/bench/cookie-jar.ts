/**
 * One bench connection's cookies, kept as a browser keeps them: it starts from a Cookie header and
 * applies each Set-Cookie (a new value replaces the old, an expired or empty one deletes it).
 * Attributes other than expiry (path, domain) are not needed: the bench loads one route per host.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  constructor(cookieHeader: string) {
    for (const pair of cookieHeader.split(";")) {
      const separator = pair.indexOf("=");
      if (separator > 0) this.cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
    }
  }

  /** Applies Set-Cookie values; true when the Cookie header changed. */
  apply(setCookies: readonly string[]): boolean {
    let changed = false;
    for (const setCookie of setCookies) {
      const [pair = "", ...attributes] = setCookie.split(";");
      const separator = pair.indexOf("=");
      if (separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === "" || attributes.some(isExpiredAttribute)) {
        changed = this.cookies.delete(name) || changed;
      } else if (this.cookies.get(name) !== value) {
        this.cookies.set(name, value);
        changed = true;
      }
    }
    return changed;
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

function isExpiredAttribute(attribute: string): boolean {
  const [key = "", value = ""] = attribute.split("=").map((part) => part.trim());
  if (/^max-age$/i.test(key)) return Number(value) <= 0;
  if (/^expires$/i.test(key)) {
    const at = Date.parse(value);
    return Number.isFinite(at) && at <= Date.now();
  }
  return false;
}

/** The store queries a `Server-Timing` header reports: its `db` entry's count (`desc="2 queries"`), 0 without one. */
export function storeQueriesInServerTiming(header: string): number {
  for (const entry of header.split(",")) {
    const [name, ...params] = entry.split(";").map((part) => part.trim());
    if (name !== "db") continue;
    const desc = params.find((param) => param.startsWith("desc="));
    const count = /^desc="?(\d+) quer/.exec(desc ?? "");
    return count ? Number(count[1]) : 1;
  }
  return 0;
}

/** Seconds between the response's Date and the expiry a Set-Cookie gives `name` (Max-Age first, as browsers do). */
export function cookieLifetimeSeconds(
  setCookies: readonly string[],
  name: string,
  dateHeader: string | null,
): number | undefined {
  const setCookie = setCookies.find((value) => value.startsWith(`${name}=`) || value.startsWith(`__Host-${name}=`));
  if (!setCookie) return undefined;
  const attributes = setCookie
    .split(";")
    .slice(1)
    .map((attribute) => attribute.trim());
  const maxAge = attributes.find((attribute) => /^max-age=/i.test(attribute));
  if (maxAge) return Number(maxAge.split("=")[1]);
  const expires = attributes.find((attribute) => /^expires=/i.test(attribute));
  const date = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  const at = expires ? Date.parse(expires.slice("expires=".length)) : Number.NaN;
  return Number.isFinite(at) && Number.isFinite(date) ? Math.round((at - date) / 1000) : undefined;
}
