import type { Metadata } from "next";
import { SIGN_IN_LINK_MAX_AGE_SECONDS } from "@/lib/auth";
import { formatDuration } from "@/lib/format-duration";
import { OutboxNotice } from "@/app/_components/outbox-notice";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">Check your email</h1>
      <p>
        We sent a sign-in link. It works once, for {formatDuration(SIGN_IN_LINK_MAX_AGE_SECONDS)}, in this browser&apos;s mode.
      </p>
      <OutboxNotice />
    </div>
  );
}
