import { defined } from "@/lib/defined";

/** A round upper bound at or above `max` (1, 2, 2.5 or 5 × 10^n), so axis labels read cleanly. */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = defined(
    [1, 2, 2.5, 5, 10].find((candidate) => candidate * magnitude >= max),
    `a round step above ${max}`,
  );
  return step * magnitude;
}

/** `count + 1` evenly spaced ticks from 0 to `ceiling`. */
export function linearTicks(ceiling: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, index) => (ceiling * index) / count);
}

/** Maps `value` in [0, ceiling] onto [0, length]. */
export function scaleLinear(value: number, ceiling: number, length: number): number {
  return ceiling > 0 ? (Math.max(0, value) / ceiling) * length : 0;
}

/** Maps `value` onto [0, length] on a log10 axis spanning [min, max]. */
export function scaleLog(value: number, min: number, max: number, length: number): number {
  if (!(min > 0) || !(max > min)) return 0;
  const clamped = Math.min(Math.max(value, min), max);
  return ((Math.log10(clamped) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))) * length;
}

/** Powers of ten covering [min, max], for a log axis. */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let power = Math.floor(Math.log10(min)); power <= Math.ceil(Math.log10(max)); power += 1) ticks.push(10 ** power);
  return ticks;
}

/** 1000 → "1k", 1000000 → "1M": short labels for session counts. */
export function compactNumber(value: number): string {
  return new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 }).format(value);
}
