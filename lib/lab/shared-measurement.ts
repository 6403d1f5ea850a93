import "server-only";

/** How long a measurement made for signed-out views is reused: a page view must not cost a store scan. */
export const SHARED_MEASUREMENT_INTERVAL_MS = 60_000;

type Held<T> = { measuredAt: number; value: Promise<T> };

/**
 * Measurements shared by every signed-out view: made at most once per interval per key, then reused, so
 * that anyone reloading /compare cannot make this server scan its store or read sessions dozens of times
 * per request. A failed measurement is not kept: the next view tries again.
 */
export function sharedMeasurements<T>(intervalMs = SHARED_MEASUREMENT_INTERVAL_MS) {
  const held = new Map<string, Held<T>>();
  return (key: string, measure: () => Promise<T>): Promise<T> => {
    const now = Date.now();
    const current = held.get(key);
    if (current && now - current.measuredAt < intervalMs) return current.value;
    const value = measure();
    held.set(key, { measuredAt: now, value });
    value.catch(() => {
      if (held.get(key)?.value === value) held.delete(key);
    });
    return value;
  };
}
