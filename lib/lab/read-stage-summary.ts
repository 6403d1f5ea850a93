import { MODE_LABELS, type SessionMode, SESSION_READ_PATH_LABELS, type SessionReadPath } from "@/lib/auth/mode";
import { READ_STAGE_LABELS, READ_STAGES, readStageKind, type ReadStageName } from "@/lib/auth/session/trace";

/** The part of a read's trace a picture needs. */
export type StageTrace = {
  mode: SessionMode;
  path: SessionReadPath;
  authMs: number;
  stages: { name: ReadStageName; ms: number }[];
};

type StageSegment = { name: ReadStageName; label: string; kind: "approach" | "framework"; us: number };

export type StageBar = {
  label: string;
  mode: SessionMode;
  path: SessionReadPath;
  totalUs: number;
  approachUs: number;
  frameworkUs: number;
  /** In READ_STAGES order, zero-length stages left out. */
  segments: StageSegment[];
};

const toUs = (ms: number) => Math.round(ms * 1000);

/** One read's stages as a stacked bar: µs per stage, and how much is the approach's own work and how much the framework's. */
export function stageBar(trace: StageTrace): StageBar {
  const segments = READ_STAGES.flatMap((name) => {
    const us = toUs(trace.stages.filter((stage) => stage.name === name).reduce((sum, stage) => sum + stage.ms, 0));
    return us > 0 ? [{ name, label: READ_STAGE_LABELS[name][trace.path], kind: readStageKind(name, trace.path), us }] : [];
  });
  const sumOf = (kind: StageSegment["kind"]) =>
    segments.filter((segment) => segment.kind === kind).reduce((sum, segment) => sum + segment.us, 0);
  return {
    label: `${MODE_LABELS[trace.mode]}, ${SESSION_READ_PATH_LABELS[trace.path]}`,
    mode: trace.mode,
    path: trace.path,
    totalUs: segments.reduce((sum, segment) => sum + segment.us, 0),
    approachUs: sumOf("approach"),
    frameworkUs: sumOf("framework"),
    segments,
  };
}

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

/** One sentence on a bar: what the approach itself cost, and what the framework added. */
export function describeStageBar(bar: StageBar): string {
  const approach = bar.mode === "jwt" ? "opening the token" : "looking the session up";
  return `${bar.label}: ${bar.totalUs.toLocaleString("en")} µs, of which ${approach} (the approach itself) took ${bar.approachUs.toLocaleString("en")} µs and the framework's own work ${bar.frameworkUs.toLocaleString("en")} µs (${share(bar.frameworkUs, bar.totalUs)}%).`;
}

/** The median of several reads of one kind, by total time: one cold read should not speak for all. */
export function medianTrace<T extends { authMs: number }>(traces: readonly T[]): T | undefined {
  const sorted = [...traces].sort((a, b) => a.authMs - b.authMs);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
