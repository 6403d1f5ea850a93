// The site's server (its front door and OpenID provider), the bench and the cluster check run server modules in
// plain Node, outside Next's bundler: there the "server-only" marker (refused only by a client bundle) is empty.
import { register } from "node:module";

const hooks = `
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
  return nextResolve(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
