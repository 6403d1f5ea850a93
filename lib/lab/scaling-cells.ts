import { modeCookieValue, type SessionSetup } from "@/lib/auth/mode";
import type { ClusterResults, ClusterScenario } from "@/lib/lab/cluster-results";
import type { Cell } from "@/lib/lab/cell";
import type { ClusterResultsState } from "@/lib/lab/committed-results";
import { CLUSTER_CHECK_COMMAND } from "@/lib/lab/revocation-cells";

export type LiveValues = {
  /** This server's name behind the balancer (LAB_INSTANCE_NAME). */
  instanceName: string;
  /** Where this server's PostgreSQL is, without credentials. */
  databaseWhere: string;
  /** The start of the key id that seals this browser's (or an example) token. */
  tokenKeyId: string;
};

type Setup = ClusterScenario["setup"];

const percent = (share: number | undefined) => (share === undefined ? "not measured" : `${Number((share * 100).toFixed(1))}%`);

function shareOf(results: ClusterResults, routing: ClusterScenario["routing"], setup: Setup, phase: ClusterScenario["phase"]) {
  return results.scenarios.find(
    (scenario) => scenario.routing === routing && scenario.setup === setup && scenario.phase === phase,
  )?.share;
}

const roundRobin = (results: ClusterResults, setup: Setup) => shareOf(results, "round-robin", setup, "steady");

/** Where and when the shares were measured; the command once per row is enough. */
function measuredWhere(results: ClusterResults, withCommand: boolean): string {
  const { machine } = results;
  const command = withCommand ? ` by \`${results.command}\`` : "";
  return `Measured ${results.createdAt.slice(0, 10)}${command} on ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}: ${results.instances} instances, ${results.requestsPerScenario} requests per session.`;
}

function notRun(state: Exclude<ClusterResultsState, { status: "ok" }>): string {
  const why = state.status === "missing" ? "is missing" : `is not valid (${state.reason})`;
  return `No load-balancer measurement to show: ${state.file} ${why}. Run \`npm run cluster -- --check --out ${state.file}\`.`;
}

/** What this browser's own session means behind the balancer; with results, the share measured for its store. */
function liveSentence(setup: SessionSetup, signedIn: boolean, live: LiveValues, results?: ClusterResults): string {
  if (setup.mode === "jwt") return "This browser uses a token: no server keeps its session, so there is no store to share.";
  const whose = signedIn ? "This browser's session" : "A session from this browser";
  const measured = (value: Setup) => {
    const share = results ? roundRobin(results, value) : undefined;
    if (!results) return "";
    return share === undefined ? " (not measured)" : ` (measured: ${percent(share)} signed in)`;
  };
  const value = modeCookieValue(setup);
  if (setup.mode === "hybrid") {
    const where = { postgres: "a row in PostgreSQL", redis: "a key in Redis", memory: `in ${live.instanceName}'s memory` }[
      setup.store
    ];
    const then =
      setup.store === "memory"
        ? "any instance opens its token, but a refresh on another instance finds no session and signs it out"
        : "any instance opens its token, and the one that refreshes it reads the shared store";
    return `${whose} is ${where}, fronted by a short-lived token: ${then}${measured(value)}.`;
  }
  switch (setup.store) {
    case "memory": {
      const misses = results
        ? `on ${results.instances} round-robin instances ${results.instances === 2 ? "about half" : `about ${results.instances - 1} in ${results.instances}`} of its requests would come back signed out`
        : "behind round-robin, every request that reaches another instance comes back signed out";
      return `${whose} lives in ${live.instanceName}'s memory: ${misses}${measured(value)}.`;
    }
    case "redis":
      return `${whose} is a key in Redis, which every instance reads: round-robin needs no sticky routing${measured(value)}.`;
    case "postgres":
      return `${whose} is a row in PostgreSQL (${live.databaseWhere}), which every instance reads: round-robin needs no sticky routing${measured(value)}.`;
  }
}

const SETTINGS_LINK = { href: "/settings", label: "Choose where sessions live" };

/** /compare's "Behind a load balancer" row: the committed cluster check beside this browser's live setup. */
export function scalingCells(
  state: ClusterResultsState,
  setup: SessionSetup,
  signedIn: boolean,
  live: LiveValues,
): { database: Cell; jwt: Cell; hybrid: Cell } {
  const keySentence = `Key id of this token's encryption key: ${live.tokenKeyId}…`;
  const hybridNeeds = "Every instance needs the same AUTH_SECRET (to open the token) and the same store (to refresh it).";
  if (state.status !== "ok") {
    return {
      database: {
        headline: "Every instance needs the same store",
        detail: `${liveSentence(setup, signedIn, live)} ${notRun(state)}`,
        measured: false,
        link: SETTINGS_LINK,
      },
      jwt: {
        headline: "Every instance needs only the same AUTH_SECRET",
        detail: `${keySentence} ${notRun(state)}`,
        measured: false,
      },
      hybrid: {
        headline: "Every instance needs the same secret and the same store",
        detail: `${hybridNeeds} ${setup.mode === "hybrid" ? `${liveSentence(setup, signedIn, live)} ` : ""}${notRun(state)}`,
        measured: false,
      },
    };
  }
  const { results } = state;
  return {
    database: {
      headline: `Signed in, round-robin: PostgreSQL ${percent(roundRobin(results, "database"))}, Redis ${percent(roundRobin(results, "database:redis"))}, memory ${percent(roundRobin(results, "database:memory"))}`,
      detail: [
        liveSentence(setup, signedIn, live, results),
        `Sticky routing (nginx hashing a cookie it sets) kept a memory session at ${percent(shareOf(results, "sticky", "database:memory", "before-restart"))} until its instance restarted, then ${percent(shareOf(results, "sticky", "database:memory", "after-restart"))}.`,
        measuredWhere(results, true),
      ].join(" "),
      measured: true,
      link: SETTINGS_LINK,
    },
    jwt: {
      headline: `Same AUTH_SECRET everywhere: ${percent(roundRobin(results, "jwt"))} signed in, round-robin`,
      detail: `${setup.mode === "jwt" ? "This browser's token opens on any instance that holds the secret. " : ""}${keySentence} ${measuredWhere(results, false)}`,
      measured: true,
    },
    hybrid: hybridCell(results, setup, signedIn, live, hybridNeeds),
  };
}

/** The hybrid column: the shares measured for hybrid setups when the check ran them, else "not measured" and how to measure. */
function hybridCell(results: ClusterResults, setup: SessionSetup, signedIn: boolean, live: LiveValues, needs: string): Cell {
  const shares = (["hybrid", "hybrid:redis", "hybrid:memory"] as const).flatMap((value) => {
    const share = roundRobin(results, value);
    return share === undefined
      ? []
      : [`${{ hybrid: "PostgreSQL", "hybrid:redis": "Redis", "hybrid:memory": "memory" }[value]} ${percent(share)}`];
  });
  const own = setup.mode === "hybrid" ? `${liveSentence(setup, signedIn, live, results)} ` : "";
  if (shares.length === 0) {
    return {
      headline: "Signed in, round-robin: not measured",
      detail: `${needs} ${own}The load-balancer check's results hold no hybrid scenario; run \`${CLUSTER_CHECK_COMMAND}\`.`,
      measured: false,
    };
  }
  return {
    headline: `Signed in, round-robin: ${shares.join(", ")}`,
    detail: `${needs} ${own}${measuredWhere(results, false)}`,
    measured: true,
  };
}
