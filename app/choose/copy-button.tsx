"use client";

import { useState } from "react";

/** Copies `text` to the clipboard and says so; the same text stays on the page for browsers without JavaScript. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus("copied");
    } catch {
      setStatus("failed");
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={() => void copy()}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        {label}
      </button>
      <span role="status" className="text-sm text-slate-600">
        {status === "copied" ? "Copied." : status === "failed" ? "The browser refused the clipboard: copy the text below." : ""}
      </span>
    </span>
  );
}
