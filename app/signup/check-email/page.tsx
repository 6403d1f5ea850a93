import type { Metadata } from "next";
import Link from "next/link";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Confirm your email" };

/** One page for every sign-up, so it never tells whether the address already had an account. */
export default function SignUpCheckEmailPage() {
  const { outboxEnabled } = getEnv();
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">Check your email to finish</h1>
      <p>
        We sent a link to the address you gave. Open it to confirm the address and sign in; until then the account cannot be used.
        The link works once, for 15 minutes, in this browser&apos;s mode.
      </p>
      <p className="text-sm text-slate-600">
        No email after a few minutes? Check your spam folder, or{" "}
        <Link href="/signin" className="font-medium underline">
          ask for a new link on the sign-in page
        </Link>
        .
      </p>
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
