/**
 * Who may see the development outbox, which hands out working sign-in links: only this machine.
 * The front door (lib/http) decides from the client address it vouches for, answers 404
 * to anyone else on these paths, and sets this header on the request (dropping any a client sent);
 * the page and the outbox notice show nothing without it, whatever path reached them.
 */
export const LOOPBACK_CLIENT_HEADER = "x-lab-loopback-client";

/** A request path as Next would route it: dot segments resolved, percent-decoded, slashes collapsed, lowercased, no trailing slash. */
export function routedPath(url: string | undefined): string {
  // Backslashes read as slashes, a leading "//" is no host, and an absolute-form target keeps only its path.
  const target = (url ?? "/").replace(/\\/g, "/").replace(/^\/+/, "/");
  let path = target;
  try {
    path = decodeURIComponent(new URL(target, "http://path.invalid").pathname);
  } catch {
    // Unparsable or undecodable: keep it raw, so that the prefix checks still see what is there.
  }
  return (
    path
      .replace(/\/{2,}/g, "/")
      .toLowerCase()
      .replace(/(.)\/$/, "$1") || "/"
  );
}

/** Whether a request path is the outbox, or anything else under /dev. */
export function isOutboxPath(url: string | undefined): boolean {
  const path = routedPath(url);
  return path === "/dev" || path.startsWith("/dev/");
}
