import Link from "next/link";
import { outboxVisibleHere } from "@/lib/mail/outbox";

/** Where an email went when no SMTP server is configured: the development outbox, named only to this machine. */
export async function OutboxNotice() {
  if (!(await outboxVisibleHere())) return null;
  return (
    <p className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
      No SMTP server is configured, so the email went to the{" "}
      <Link href="/dev/outbox" className="font-medium underline">
        development outbox
      </Link>
      .
    </p>
  );
}
