import "server-only";
import { getEnv } from "@/lib/env";
import { benchResultsSchema, type BenchResults } from "@/lib/lab/bench-results";
import { loadResultsFile, type ResultsFileState } from "@/lib/lab/load-results-file";

export type BenchResultsState = ResultsFileState<BenchResults>;

/** The committed benchmark results, or why there are none to show. */
export function loadBenchResults(file = getEnv().LAB_BENCH_RESULTS): Promise<BenchResultsState> {
  return loadResultsFile(file, benchResultsSchema);
}
