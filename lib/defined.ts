/** `value` where the surrounding code guarantees one; a clear error naming `what` if that guarantee ever breaks. */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`Expected ${what}, found none`);
  return value;
}
