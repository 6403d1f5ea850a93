import "server-only";
import {
  assertRecordId,
  assertTokenHash,
  newSessionId,
  type SessionStore,
  type SessionUser,
  type StoredSession,
} from "@/lib/auth/stores/session-store";

type MemoryRecord = StoredSession & { tokenHash: string; user: SessionUser };

/** One process's sessions: by token hash, and each person's hashes for the devices page. */
export type MemorySessions = { byHash: Map<string, MemoryRecord>; byUser: Map<string, Set<string>> };

export function emptyMemorySessions(): MemorySessions {
  return { byHash: new Map(), byUser: new Map() };
}

declare global {
  // Development reloads modules; the demonstration's sessions live as long as the process, not the module.
  var labMemorySessions: MemorySessions | undefined;
}

/** This process's sessions: what the article warns about behind a load balancer, kept for the demonstration. */
function processMemorySessions(): MemorySessions {
  globalThis.labMemorySessions ??= emptyMemorySessions();
  return globalThis.labMemorySessions;
}

// Copies in and out: a caller never holds the store's own objects (or Dates) to mutate.
const copySession = (session: MemoryRecord): StoredSession => ({
  id: session.id,
  userId: session.userId,
  userAgent: session.userAgent,
  ipAddress: session.ipAddress,
  expires: new Date(session.expires),
  authenticatedAt: new Date(session.authenticatedAt),
  lastActiveAt: session.lastActiveAt && new Date(session.lastActiveAt),
  createdAt: new Date(session.createdAt),
});

/**
 * Sessions in a Map inside this server's process: no round trip at all, and gone when the process ends or
 * on another instance behind a load balancer. Expired entries are dropped when met, and by deleteExpired.
 */
export function createMemorySessionStore(sessions: MemorySessions = processMemorySessions()): SessionStore {
  const { byHash, byUser } = sessions;

  const remove = (record: MemoryRecord) => {
    byHash.delete(record.tokenHash);
    const hashes = byUser.get(record.userId);
    hashes?.delete(record.tokenHash);
    if (hashes?.size === 0) byUser.delete(record.userId);
  };
  const live = (tokenHash: string, now = Date.now()) => {
    const record = byHash.get(tokenHash);
    if (!record) return undefined;
    if (record.expires.getTime() > now) return record;
    remove(record);
    return undefined;
  };
  const userRecords = (userId: string) =>
    [...(byUser.get(assertRecordId(userId, "user")) ?? [])].flatMap((hash) => byHash.get(hash) ?? []);

  // Settled as promises, so a refused hash or id rejects like every other store's instead of throwing.
  const answer = <T>(work: () => T): Promise<T> => new Promise((resolve) => resolve(work()));

  return {
    name: "memory",

    // The map is in this process: it always answers.
    ping: () => Promise.resolve(),

    create: (session) =>
      answer(() => {
        const tokenHash = assertTokenHash(session.tokenHash);
        const existing = byHash.get(tokenHash);
        if (existing) remove(existing);
        const record: MemoryRecord = {
          id: newSessionId(),
          tokenHash,
          userId: session.user.id,
          user: { ...session.user },
          expires: new Date(session.expires),
          authenticatedAt: new Date(session.authenticatedAt),
          lastActiveAt: session.lastActiveAt && new Date(session.lastActiveAt),
          createdAt: new Date(session.createdAt ?? Date.now()),
          userAgent: session.userAgent,
          ipAddress: session.ipAddress,
        };
        byHash.set(tokenHash, record);
        const hashes = byUser.get(record.userId) ?? new Set<string>();
        byUser.set(record.userId, hashes.add(tokenHash));
        return copySession(record);
      }),

    findByHash: (tokenHash) =>
      answer(() => {
        const record = live(assertTokenHash(tokenHash));
        return record && { ...copySession(record), user: { ...record.user } };
      }),

    touch: (tokenHash, changes) =>
      answer(() => {
        const record = live(assertTokenHash(tokenHash));
        if (!record) return false;
        if (changes.lastActiveAt) record.lastActiveAt = new Date(changes.lastActiveAt);
        if (changes.expires) record.expires = new Date(changes.expires);
        return true;
      }),

    deleteByHash: (tokenHash) =>
      answer(() => {
        const record = byHash.get(assertTokenHash(tokenHash));
        if (!record) return undefined;
        remove(record);
        return copySession(record);
      }),

    deleteById: (userId, id) =>
      answer(() => {
        const record = userRecords(userId).find((candidate) => candidate.id === id);
        if (record) remove(record);
        return record !== undefined;
      }),

    listLive: (userId) =>
      answer(() => {
        const now = Date.now();
        const sessions = userRecords(userId)
          .filter((record) => live(record.tokenHash, now))
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.id.localeCompare(b.id))
          .map(copySession);
        return sessions;
      }),

    deleteAllForUser: (userId, { exceptId } = {}) =>
      answer(() => {
        const doomed = userRecords(userId).filter((record) => record.id !== exceptId);
        doomed.forEach(remove);
        return doomed.length;
      }),

    countLive: () =>
      answer(() => {
        const now = Date.now();
        let count = 0;
        for (const record of byHash.values()) if (record.expires.getTime() > now) count += 1;
        return count;
      }),

    deleteExpired: (now = new Date()) =>
      answer(() => {
        const doomed = [...byHash.values()].filter((record) => record.expires.getTime() < now.getTime());
        doomed.forEach(remove);
        return doomed.length;
      }),
  };
}
