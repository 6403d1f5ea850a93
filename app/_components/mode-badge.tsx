import { MODE_LABELS, type SessionMode } from "@/lib/auth/mode";

/** The mode this browser is in, colour-coded the same everywhere. */
export function ModeBadge({ mode }: { mode: SessionMode }) {
  const colours = mode === "database" ? "bg-sky-100 text-sky-900 ring-sky-300" : "bg-amber-100 text-amber-900 ring-amber-300";
  return (
    <span
      data-testid="mode-badge"
      data-mode={mode}
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ${colours}`}
    >
      {MODE_LABELS[mode]}
    </span>
  );
}
