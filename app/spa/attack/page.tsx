import type { Metadata } from "next";
import { getEnv } from "@/lib/env";
import { AttackerPanel } from "@/app/spa/attacker-panel";

export const metadata: Metadata = { title: "A real injection, refused" };

export default async function AttackPage({ searchParams }: PageProps<"/spa/attack">) {
  const { q } = await searchParams;
  const reflected = typeof q === "string" ? q.slice(0, 2000) : "";
  return (
    <div className="space-y-6">
      <section className="space-y-3">
        <h1 className="text-2xl font-bold">A real injection, refused</h1>
        <p className="text-slate-700">
          This page reflects the <code>q</code> parameter without escaping it: the classic reflected XSS. Put a{" "}
          <code>&lt;script&gt;</code> in it and the browser parses it into the page, and then refuses to run it: the site&apos;s
          Content-Security-Policy allows only scripts carrying this response&apos;s nonce.
        </p>
        <form className="flex gap-2" action="/spa/attack">
          <label className="flex flex-1 flex-col text-sm">
            Search the notes (unsafe demo field)
            <input name="q" defaultValue={reflected} className="rounded-md border border-slate-300 px-2 py-1 font-mono" />
          </label>
          <button type="submit" className="self-end rounded-md bg-slate-800 px-3 py-1.5 text-sm text-white">
            Search
          </button>
        </form>
        <p className="text-sm text-slate-600">You searched for:</p>
        <div
          className="min-h-8 rounded-md border border-red-300 bg-red-50 p-2 font-mono text-sm"
          data-testid="reflected"
          // Deliberately unsafe, on this page only: the demonstration needs markup an attacker controls in the page.
          dangerouslySetInnerHTML={{ __html: reflected }}
        />
        {reflected.includes("<script") && (
          <p className="text-sm text-slate-700" data-testid="reflected-markup">
            The box above now holds this markup, invisible because a script shows nothing:{" "}
            <code className="break-all">{reflected}</code>. It did not run: the browser&apos;s console shows the
            Content-Security-Policy refusing it.
          </p>
        )}
      </section>
      <AttackerPanel attackerUrl={getEnv().LAB_ATTACKER_URL} />
    </div>
  );
}
