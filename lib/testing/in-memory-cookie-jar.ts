/** A cookie store with the calls of Next's that a switch uses; an expired write deletes, as in a browser. */
export function inMemoryCookieJar(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const options = new Map<string, Record<string, unknown>>();
  const jar = {
    getAll: () => [...values].map(([name, value]) => ({ name, value })),
    set(name: string, value: string, cookieOptions: Record<string, unknown>) {
      options.set(name, cookieOptions);
      if (cookieOptions.maxAge === 0) values.delete(name);
      else values.set(name, value);
    },
  };
  return { jar, values, options };
}
