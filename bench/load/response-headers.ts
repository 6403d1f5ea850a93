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
