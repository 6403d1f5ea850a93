import type { ReactNode } from "react";

/** Label and value rows, readable on a phone and on a wide screen. */
export function DefinitionList({ rows, testId }: { rows: [string, ReactNode][]; testId?: string }) {
  return (
    <dl data-testid={testId} className="divide-y divide-slate-100 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="grid gap-1 py-2 sm:grid-cols-3">
          <dt className="font-medium text-slate-600">{label}</dt>
          <dd className="font-mono wrap-anywhere sm:col-span-2">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
