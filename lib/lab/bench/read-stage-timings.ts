import type { Env } from "@/lib/env";
import { READ_STAGE_LABELS, READ_STAGES, type ReadStageName } from "@/lib/auth/read/read-stages";
import type { SessionMode } from "@/lib/auth/mode";
import type { SessionReadPath } from "@/lib/auth/read/session-read-path";
import { sampleSessionReads } from "@/lib/lab/read-stage-sample";
import { sealSessionToken } from "@/lib/auth/issue/seal-session-token";
import { openSessionToken } from "@/lib/auth/read/open-session-token";
import { sessionKeyRing } from "@/lib/auth/read/session-key-ring";
import { querySessionRowByHash } from "@/lib/auth/read/lean-database-read";
import { round, summarize } from "@/lib/lab/bench/stats";

export type StageTiming = { name: ReadStageName; label: string; p50Us: number; p95Us: number };
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

function timeSync(iterations: number, operation: () => unknown) {
  for (let index = 0; index < 1000; index += 1) operation();
  const samples: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const started = process.hrtime.bigint();
    operation();
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  const summary = summarize(samples);
  return { p50Us: round(summary.p50, 1), p95Us: round(summary.p95, 1), iterations };
}

/** The lean path's decrypt alone: an A256GCM session token opened with a key derived once, claims checked. */
export function measureLeanDecrypt(env: Env, cookieName: string, iterations: number) {
  const ring = sessionKeyRing(env.authSecrets, cookieName);
  const now = Math.floor(Date.now() / 1000);
  const token = sealSessionToken(
    {
      sub: "c000000000000000000000000",
      name: "Bench",
      email: "bench@example.com",
      sid: "c000000000000000000000001",
      authTime: now,
      renewedAt: now,
    },
    ring,
    now + 3600,
  );
  return timeSync(iterations, () => {
    if (!openSessionToken(token, ring)) throw new Error("The bench's own token did not open");
  });
}

/** The lean path's lookup alone: the prepared statement (Session joined to User by the token's hash), one round trip each. */
export async function measureLeanLookup(storedHashes: readonly string[], iterations: number) {
  const run = (index: number) => querySessionRowByHash(storedHashes[index % storedHashes.length] ?? "");
  for (let index = 0; index < 1000; index += 1) await run(index);
  const samples: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const started = process.hrtime.bigint();
    await run(index);
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  const summary = summarize(samples);
  return { p50Us: round(summary.p50, 1), p95Us: round(summary.p95, 1), iterations };
}
