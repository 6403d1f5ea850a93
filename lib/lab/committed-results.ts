import "server-only";
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { getEnv } from "@/lib/env";
import { benchResultsSchema, type BenchResults } from "@/lib/lab/bench-results";
import { clusterResultsSchema, type ClusterResults } from "@/lib/lab/cluster-results";
import { attackResultsSchema, type AttackResults } from "@/lib/lab/attack-results";

type ResultsFileState<T> =
  { status: "ok"; results: T } | { status: "missing"; file: string } | { status: "invalid"; file: string; reason: string };

/** A committed results file (bench, cluster check) read and validated, or why there is nothing to show. */
async function loadResultsFile<T>(file: string, schema: z.ZodType<T>): Promise<ResultsFileState<T>> {
  // Read at run time from the working folder; not a module the bundler should trace.
  const text = await readFile(/*turbopackIgnore: true*/ file, "utf8").catch(() => undefined);
  if (text === undefined) return { status: "missing", file };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: "invalid", file, reason: "it is not valid JSON" };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: "invalid", file, reason: `${issue?.path.join(".") || "the file"}: ${String(issue?.message)}` };
  }
  return { status: "ok", results: parsed.data };
}

export type BenchResultsState = ResultsFileState<BenchResults>;

/** The committed benchmark results, or why there are none to show. */
export function loadBenchResults(file = getEnv().LAB_BENCH_RESULTS): Promise<BenchResultsState> {
  return loadResultsFile(file, benchResultsSchema);
}

export type ClusterResultsState = ResultsFileState<ClusterResults>;

/** The committed load-balancer check results, or why there are none to show. */
export function loadClusterResults(file = getEnv().LAB_CLUSTER_RESULTS): Promise<ClusterResultsState> {
  return loadResultsFile(file, clusterResultsSchema);
}

export type AttackResultsState = ResultsFileState<AttackResults>;

/** The committed attack run (e2e/attacks.spec.ts), or why there is none to show. */
export function loadAttackResults(file = getEnv().LAB_ATTACK_RESULTS): Promise<AttackResultsState> {
  return loadResultsFile(file, attackResultsSchema);
}
