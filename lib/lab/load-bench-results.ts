import "server-only";
import { readFile } from "node:fs/promises";
import { getEnv } from "@/lib/env";
import { benchResultsSchema, type BenchResults } from "@/lib/lab/bench-results";

export type BenchResultsState =
  | { status: "ok"; results: BenchResults }
  | { status: "missing"; file: string }
  | { status: "invalid"; file: string; reason: string };

/** The committed benchmark results, or why there are none to show. */
export async function loadBenchResults(file = getEnv().LAB_BENCH_RESULTS): Promise<BenchResultsState> {
  // Read at run time from the working folder; not a module the bundler should trace.
  const text = await readFile(/*turbopackIgnore: true*/ file, "utf8").catch(() => undefined);
  if (text === undefined) return { status: "missing", file };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: "invalid", file, reason: "it is not valid JSON" };
  }
  const parsed = benchResultsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: "invalid", file, reason: `${issue?.path.join(".") || "the file"}: ${String(issue?.message)}` };
  }
  return { status: "ok", results: parsed.data };
}
