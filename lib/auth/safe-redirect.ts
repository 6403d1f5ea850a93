const BASE = "http://same-origin.invalid";

/** Only same-site paths may be redirect targets; anything else goes to `fallback`. */
export function safeRedirectPath(value: unknown, fallback = "/account"): string {
  // Browsers drop tabs and newlines in URLs ("/\t/evil.com" becomes "//evil.com") and read "\" as "/".
  if (typeof value !== "string" || !value.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can collapse into a protocol-relative "//host" ("/.//evil", "/a/..//evil"): another site.
  return path.startsWith("//") ? fallback : path;
}
