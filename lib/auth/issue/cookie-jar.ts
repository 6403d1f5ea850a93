/** The part of Next's cookie store that writing credentials needs: a mode switch, clearing a hybrid token. */
export type CookieJar = {
  getAll(): { name: string; value: string }[];
  set(name: string, value: string, options: Record<string, unknown>): unknown;
};
