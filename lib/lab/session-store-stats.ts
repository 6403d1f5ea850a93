import "server-only";
import { sessionStoreFor, type SessionStoreName } from "@/lib/auth/stores";
import { sharedMeasurements } from "@/lib/lab/shared-measurement";

export type SessionStoreStats =
  | {
      store: SessionStoreName;
      reachable: true;
      pingMs: number;
      liveRows: number;
      /** The count as the page shows it: exact to a signed-in person, rounded to anyone else. */
      liveRowsLabel: string;
      yourRows: number;
    }
  | { store: SessionStoreName; reachable: false };

/** A count said roughly: a visitor learns the order of magnitude, not who signed in or out a moment ago. */
export function roughCount(count: number): string {
  if (count < 10) return "fewer than 10";
  const step = 10 ** Math.max(1, Math.floor(Math.log10(count)) - 1);
  return `about ${(Math.round(count / step) * step).toLocaleString("en")}`;
}

async function measure(name: SessionStoreName, userId: string | undefined): Promise<SessionStoreStats> {
  const store = sessionStoreFor(name);
  try {
    const started = performance.now();
    await store.ping();
    const pingMs = performance.now() - started;
    const [liveRows, yours] = await Promise.all([store.countLive(), userId ? store.listLive(userId) : Promise.resolve([])]);
    const liveRowsLabel = userId ? liveRows.toLocaleString("en") : roughCount(liveRows);
    return { store: name, reachable: true, pingMs, liveRows, liveRowsLabel, yourRows: yours.length };
  } catch {
    return { store: name, reachable: false };
  }
}

const forSignedOutViews = sharedMeasurements<SessionStoreStats>();

/**
 * How many sessions a store holds (all, and this person's), and whether it answers at all: measured now for a
 * signed-in person, and for anyone else once a minute and rounded (a count is a SCAN in Redis).
 */
export function sessionStoreStats(name: SessionStoreName, userId: string | undefined): Promise<SessionStoreStats> {
  return userId ? measure(name, userId) : forSignedOutViews(name, () => measure(name, undefined));
}
