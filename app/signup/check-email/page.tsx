import type { Metadata } from "next";
import Link from "next/link";
import { SIGN_IN_LINK_MAX_AGE_SECONDS } from "@/lib/auth";
import { formatDuration } from "@/lib/format-duration";
import { OutboxNotice } from "@/app/_components/outbox-notice";

export const metadata: Metadata = { title: "Confirm your email" };

/** One page for every sign-up, so it never tells whether the address already had an account. */
export default function SignUpCheckEmailPage() {
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">Check your email to finish</h1>
      <p>
        We sent a link to the address you gave. Open it to confirm the address and sign in; until then the account cannot be used.
        The link works once, for {formatDuration(SIGN_IN_LINK_MAX_AGE_SECONDS)}, in this browser&apos;s mode.
      </p>
      <p className="text-sm text-slate-600">
        No email after a few minutes? Check your spam folder, or{" "}
        <Link href="/signin" className="font-medium underline">
          ask for a new link on the sign-in page
        </Link>
        .
      </p>
      <OutboxNotice />
    </div>
  );
}
