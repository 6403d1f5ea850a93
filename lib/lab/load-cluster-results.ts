import "server-only";
import { readFile } from "node:fs/promises";
import { getEnv } from "@/lib/env";
import { clusterResultsSchema, type ClusterResults } from "@/lib/lab/cluster-results";

export type ClusterResultsState =
  | { status: "ok"; results: ClusterResults }
  | { status: "missing"; file: string }
  | { status: "invalid"; file: string; reason: string };

/** The committed load-balancer check results, or why there are none to show. */
export async function loadClusterResults(file = getEnv().LAB_CLUSTER_RESULTS): Promise<ClusterResultsState> {
  // Read at run time from the working folder; not a module the bundler should trace.
  const text = await readFile(/*turbopackIgnore: true*/ file, "utf8").catch(() => undefined);
  if (text === undefined) return { status: "missing", file };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: "invalid", file, reason: "it is not valid JSON" };
  }
  const parsed = clusterResultsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: "invalid", file, reason: `${issue?.path.join(".") || "the file"}: ${String(issue?.message)}` };
  }
  return { status: "ok", results: parsed.data };
}
