import type { ClusterResults, RevocationWindow } from "@/lib/lab/cluster-results";
import type { ClusterResultsState } from "@/lib/lab/committed-results";
import { formatDuration } from "@/lib/format-duration";

export const CLUSTER_CHECK_COMMAND = "npm run cluster -- --check --out bench/results/cluster.json";

/** The setups whose revocation window the compare page shows: a token without the check, and both server sessions in PostgreSQL. */
type WindowSetup = "jwt" | "database" | "hybrid";

export type MeasuredRevocation =
  { measured: true; window: RevocationWindow; sentence: string } | { measured: false; sentence: string };

const seconds = (value: number) => `${Number(value.toFixed(value < 10 ? 2 : 1))} s`;

function windowSentence(window: RevocationWindow, results: ClusterResults): string {
  const where = `through ${results.instances} instances behind the balancer on ${results.createdAt.slice(0, 10)}, revoked through ${window.revokedThrough}`;
  const still = `${window.signedInAfter} of ${window.requestsAfter} requests after the revocation were still signed in`;
  const lifetime = window.ttlSeconds === null ? "" : ` (token lifetime there: ${seconds(window.ttlSeconds)})`;
  if (window.signedOutAfterSeconds === null) {
    return `Measured ${where}: still signed in when watching stopped after ${seconds(window.watchedSeconds)}${lifetime}; ${still}.`;
  }
  return `Measured ${where}: signed out everywhere ${seconds(window.signedOutAfterSeconds)} after the revocation${lifetime}; ${still}.`;
}

/** The revocation window the cluster check measured for `setup`, or why there is none and how to measure it. */
export function measuredRevocation(state: ClusterResultsState, setup: WindowSetup): MeasuredRevocation {
  if (state.status !== "ok") {
    const why = state.status === "missing" ? "is missing" : `is not valid (${state.reason})`;
    return { measured: false, sentence: `Not measured: ${state.file} ${why}. Run \`${CLUSTER_CHECK_COMMAND}\`.` };
  }
  const window = state.results.revocationWindows?.find((candidate) => candidate.setup === setup);
  if (!window) {
    return {
      measured: false,
      sentence: `Not measured: the cluster check's results hold no revocation window for ${setup}. Run \`${CLUSTER_CHECK_COMMAND}\`.`,
    };
  }
  return { measured: true, window, sentence: windowSentence(window, state.results) };
}

/** The hybrid column's revocation headline: the bound from this server's token lifetime, and the measured window beside it. */
export function hybridRevocationHeadline(ttlSeconds: number, measured: MeasuredRevocation): string {
  const bound = `Signed out within ${formatDuration(ttlSeconds)} (plus clock skew)`;
  if (!measured.measured) return bound;
  const after = measured.window.signedOutAfterSeconds;
  return after === null
    ? `${bound}; measured: still signed in after ${seconds(measured.window.watchedSeconds)}`
    : `${bound}; measured: ${seconds(after)}`;
}
