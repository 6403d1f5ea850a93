import type { Metadata } from "next";
import Link from "next/link";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  const { outboxEnabled } = getEnv();
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">Check your email</h1>
      <p>We sent a sign-in link. It works once, for 15 minutes, in this browser&apos;s mode.</p>
      {outboxEnabled && (
        <p className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
          No SMTP server is configured, so the email went to the{" "}
          <Link href="/dev/outbox" className="font-medium underline">
            development outbox
          </Link>
          .
        </p>
      )}
    </div>
  );
}
