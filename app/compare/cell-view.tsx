import Link from "next/link";
import type { Cell } from "@/lib/lab/cell";

/** One cell of /compare's tables: the measured headline, what it means, and where to see more. */
export function CellView({ cell, current = false }: { cell: Cell; current?: boolean }) {
  return (
    <td className={`p-3 align-top break-words ${current ? "bg-indigo-50/60" : ""}`} data-current={current ? "true" : undefined}>
      <p className="font-mono text-sm font-semibold">{cell.headline}</p>
      <p className="mt-1 text-xs text-slate-600">{cell.detail}</p>
      {cell.link && (
        <Link href={cell.link.href} className="mt-1 inline-block text-xs font-medium text-indigo-700 underline">
          {cell.link.label}
        </Link>
      )}
    </td>
  );
}
