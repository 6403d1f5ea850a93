import "server-only";
import { sessionStoreFor, type SessionStoreName } from "@/lib/auth/stores";

export type SessionStoreStats =
  | { store: SessionStoreName; reachable: true; pingMs: number; liveRows: number; yourRows: number }
  | { store: SessionStoreName; reachable: false };

/** How many sessions a store holds right now (all, and this person's), and whether it answers at all. */
export async function sessionStoreStats(name: SessionStoreName, userId: string | undefined): Promise<SessionStoreStats> {
  const store = sessionStoreFor(name);
  try {
    const started = performance.now();
    await store.ping();
    const pingMs = performance.now() - started;
    const [liveRows, yours] = await Promise.all([store.countLive(), userId ? store.listLive(userId) : Promise.resolve([])]);
    return { store: name, reachable: true, pingMs, liveRows, yourRows: yours.length };
  } catch {
    return { store: name, reachable: false };
  }
}
