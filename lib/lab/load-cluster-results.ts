import "server-only";
import { getEnv } from "@/lib/env";
import { clusterResultsSchema, type ClusterResults } from "@/lib/lab/cluster-results";
import { loadResultsFile, type ResultsFileState } from "@/lib/lab/load-results-file";

export type ClusterResultsState = ResultsFileState<ClusterResults>;

/** The committed load-balancer check results, or why there are none to show. */
export function loadClusterResults(file = getEnv().LAB_CLUSTER_RESULTS): Promise<ClusterResultsState> {
  return loadResultsFile(file, clusterResultsSchema);
}
