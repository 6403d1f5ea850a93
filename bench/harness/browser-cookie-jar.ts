/** One cookie as a browser keeps it: its value and, when the response gave one, the moment it expires (ms). */
type KeptCookie = { value: string; expiresAt?: number };

/**
 * A cookie jar for scripted clients of the site that should behave like a browser: it keeps every cookie a
 * response sets (the load balancer's routing cookie, the session cookie, the hybrid token), returns them on
 * every request, and drops a cookie that is deleted (Max-Age=0, or an Expires in the past) or has expired.
 * Host and path are ignored: the tools that use it talk to one site at its root.
 */
export type BrowserCookieJar = {
  /** The Cookie header this browser sends now. */
  header: () => string;
  /** Keeps what a response sets; with `deletions: false` a deleted cookie is kept as it was (to keep asking about a revoked credential). */
  keep: (response: Response, options?: { deletions?: boolean }) => void;
  /** The same, from a response's Set-Cookie values. */
  keepSetCookies: (setCookies: readonly string[], options?: { deletions?: boolean }) => void;
  /** The value of one cookie, if this browser holds it unexpired. */
  get: (name: string) => string | undefined;
};

function expiryOf(attributes: string[], now: number): number | undefined {
  for (const attribute of attributes) {
    const [rawName = "", ...rest] = attribute.split("=");
    const name = rawName.trim().toLowerCase();
    const value = rest.join("=").trim();
    // Max-Age wins over Expires, as in a browser.
    if (name === "max-age" && /^-?\d+$/.test(value)) return now + Number(value) * 1000;
  }
  for (const attribute of attributes) {
    const [rawName = "", ...rest] = attribute.split("=");
    if (rawName.trim().toLowerCase() !== "expires") continue;
    const at = Date.parse(rest.join("=").trim());
    if (!Number.isNaN(at)) return at;
  }
  return undefined;
}

export function createBrowserCookieJar(initial: Record<string, string> = {}): BrowserCookieJar {
  const cookies = new Map<string, KeptCookie>(Object.entries(initial).map(([name, value]) => [name, { value }]));
  const live = (cookie: KeptCookie, now: number) => cookie.expiresAt === undefined || cookie.expiresAt > now;
  const jar: BrowserCookieJar = {
    header() {
      const now = Date.now();
      return [...cookies]
        .filter(([, cookie]) => live(cookie, now))
        .map(([name, cookie]) => `${name}=${cookie.value}`)
        .join("; ");
    },
    keep(response, options) {
      jar.keepSetCookies(response.headers.getSetCookie(), options);
    },
    keepSetCookies(setCookies, { deletions = true } = {}) {
      const now = Date.now();
      for (const header of setCookies) {
        const [pair = "", ...attributes] = header.split(";");
        const at = pair.indexOf("=");
        if (at <= 0) continue;
        const name = pair.slice(0, at).trim();
        const expiresAt = expiryOf(attributes, now);
        if (expiresAt !== undefined && expiresAt <= now) {
          if (deletions) cookies.delete(name);
          continue;
        }
        cookies.set(name, { value: pair.slice(at + 1).trim(), ...(expiresAt === undefined ? {} : { expiresAt }) });
      }
    },
    get(name) {
      const cookie = cookies.get(name);
      return cookie && live(cookie, Date.now()) ? cookie.value : undefined;
    },
  };
  return jar;
}

/** The cookies of a Cookie header as a jar starts from them (`name=value; name=value`), values as written. */
export function cookiesOfHeader(header: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of header.split(";")) {
    const at = pair.indexOf("=");
    if (at > 0) cookies[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return cookies;
}

/**
 * The same jar, except that deletions are ignored: a client that keeps sending what it was given after being
 * told to drop it, to ask every instance about a credential itself (a copied cookie, or a revoked device's).
 */
export function keepingDeletedCookies(jar: BrowserCookieJar): BrowserCookieJar {
  return { ...jar, keep: (response) => jar.keep(response, { deletions: false }) };
}
