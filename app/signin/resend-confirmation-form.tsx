"use client";

import { useActionState } from "react";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { resendConfirmationLink, type ResendState } from "@/app/signin/actions";

/** Offered after a right password for an unconfirmed address: one button that emails the link again. */
export function ResendConfirmationForm({ email }: { email: string }) {
  const [state, action] = useActionState<ResendState, FormData>(resendConfirmationLink, {});
  return (
    <form action={action} className="space-y-2" aria-label="Confirm your email address">
      <FormMessage message={state.message} />
      <input type="hidden" name="email" value={email} />
      <SubmitButton pendingText="Sending…">Send the link again</SubmitButton>
    </form>
  );
}
