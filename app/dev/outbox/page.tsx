import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { listOutbox, outboxVisibleHere } from "@/lib/mail/outbox";

export const metadata: Metadata = { title: "Development outbox" };

export default async function OutboxPage() {
  if (!(await outboxVisibleHere())) notFound();
  const messages = await listOutbox();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Development outbox</h1>
      <p className="text-sm text-slate-600">
        Sign-in emails land here because no EMAIL_SERVER is set. Anyone who can open this page can sign in as these addresses, so
        only this machine can open it, and a server others can reach has none.
      </p>
      {messages.length === 0 ? (
        <p>No emails yet. Ask for a sign-in link on the sign-in page.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {messages.map((message) => (
            <li key={message.id} className="space-y-1 p-4">
              <p className="text-sm text-slate-600">
                To <strong>{message.to}</strong> ·{" "}
                <time dateTime={message.createdAt.toISOString()}>{message.createdAt.toISOString()}</time>
              </p>
              <p className="font-medium">{message.subject}</p>
              <a href={message.url} className="text-indigo-700 underline" aria-label={`Sign-in link for ${message.to}`}>
                Open sign-in link
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
