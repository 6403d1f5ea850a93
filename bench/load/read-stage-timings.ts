import type { Env } from "@/lib/env";
import { READ_STAGE_LABELS, READ_STAGES, type ReadStageName } from "@/lib/auth/session/trace";
import type { SessionMode, SessionReadPath } from "@/lib/auth/mode";
import { sampleSessionReads } from "@/lib/lab/read-stage-sample";
import { round, summarize } from "@/bench/load/stats";

type StageTiming = { name: ReadStageName; label: string; p50Us: number; p95Us: number };
export type ReadStageTimings = {
  mode: SessionMode;
  path: SessionReadPath;
  iterations: number;
  totalP50Us: number;
  totalP95Us: number;
  stages: StageTiming[];
};

const WARM_UP_ROUNDS = 200;
const toUs = (ms: number) => ms * 1000;

/**
 * Every stage of a session read, p50 and p95, in both modes on both paths: `iterations` real reads of
 * the sample account's session in this process, interleaved, after a warm-up.
 */
export async function measureReadStages(env: Env, iterations: number): Promise<ReadStageTimings[]> {
  await sampleSessionReads(env, WARM_UP_ROUNDS);
  const sampled = await sampleSessionReads(env, iterations);
  return sampled.map(({ mode, path, traces }) => {
    const total = summarize(traces.map((trace) => toUs(trace.authMs)));
    const stages = READ_STAGES.flatMap((name) => {
      const samples = traces.map((trace) =>
        toUs(trace.stages.filter((stage) => stage.name === name).reduce((sum, stage) => sum + stage.ms, 0)),
      );
      if (samples.every((sample) => sample === 0)) return [];
      const summary = summarize(samples);
      return [{ name, label: READ_STAGE_LABELS[name][path], p50Us: round(summary.p50, 1), p95Us: round(summary.p95, 1) }];
    });
    return { mode, path, iterations, totalP50Us: round(total.p50, 1), totalP95Us: round(total.p95, 1), stages };
  });
}
