import Link from "next/link";
import type { Reason } from "@/lib/lab/choose";

/** A sentence of the lab's answer: each measured value links to the row or chart that shows it; a missing one says why. */
export function CitedSentence({ reason }: { reason: Reason }) {
  return (
    <>
      {reason.map((part, index) =>
        typeof part === "string" ? (
          part
        ) : part.kind === "measured" ? (
          <Link
            key={index}
            href={part.href}
            className="font-medium text-indigo-700 underline decoration-dotted underline-offset-2"
            title={part.of}
          >
            {part.value}
          </Link>
        ) : (
          <span key={index} className="font-medium text-amber-800">
            (not measured: {part.why})
          </span>
        ),
      )}
    </>
  );
}
