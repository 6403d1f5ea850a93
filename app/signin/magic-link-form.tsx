"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { requestMagicLink, type MagicLinkState } from "@/app/signin/actions";

export function MagicLinkForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState<MagicLinkState, FormData>(requestMagicLink, {});
  return (
    <form action={action} className="space-y-4" aria-labelledby="magic-heading" noValidate>
      <h2 id="magic-heading" className="text-lg font-semibold">
        Email me a sign-in link
      </h2>
      <FormMessage message={state.message} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field
        formId="magic-link"
        label="Email for the link"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={state.email}
        errors={state.fieldErrors?.email}
        required
      />
      <SubmitButton pendingText="Sending…">Send link</SubmitButton>
    </form>
  );
}
