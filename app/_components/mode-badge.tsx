import { setupLabel, type SessionSetup } from "@/lib/auth";

const COLOURS: Record<SessionSetup["mode"], string> = {
  database: "bg-sky-100 text-sky-900 ring-sky-300",
  jwt: "bg-amber-100 text-amber-900 ring-amber-300",
  hybrid: "bg-violet-100 text-violet-900 ring-violet-300",
};

/** The mode this browser is in, and for a server session the store it lives in, colour-coded the same everywhere. */
export function ModeBadge({ setup }: { setup: SessionSetup }) {
  return (
    <span
      data-testid="mode-badge"
      data-mode={setup.mode}
      data-store={setup.store ?? undefined}
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ${COLOURS[setup.mode]}`}
    >
      {setupLabel(setup)}
    </span>
  );
}
