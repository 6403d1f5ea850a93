/** A machine-readable time shown as "2026-11-26 15:40 UTC", the same on every server and browser. */
export function Time({ date }: { date: Date | null | undefined }) {
  if (!date) return <span>—</span>;
  return <time dateTime={date.toISOString()}>{`${date.toISOString().slice(0, 16).replace("T", " ")} UTC`}</time>;
}
