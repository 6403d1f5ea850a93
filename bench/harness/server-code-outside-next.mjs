// The bench and the cluster check run the app's server modules in a plain Node process, outside Next's
// bundler: there the "server-only" marker (which only a client bundle must refuse) resolves to an empty module.
import { register } from "node:module";

const hooks = `
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
  return nextResolve(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
