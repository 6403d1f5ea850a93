import type { CookieJar } from "@/lib/auth/switch-mode";

/** A cookie store with the same three calls as Next's, holding what a response would set. */
export function inMemoryCookieJar(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const options = new Map<string, Record<string, unknown>>();
  const jar: CookieJar = {
    getAll: () => [...values].map(([name, value]) => ({ name, value })),
    set(name, value, cookieOptions) {
      values.set(name, value);
      options.set(name, cookieOptions);
    },
    delete(name) {
      values.delete(name);
    },
  };
  return { jar, values, options };
}
