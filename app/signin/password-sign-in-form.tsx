"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { signInWithPassword, type SignInState } from "@/app/signin/actions";
import { ResendConfirmationForm } from "@/app/signin/resend-confirmation-form";

export function PasswordSignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState<SignInState, FormData>(signInWithPassword, {});
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-4" aria-labelledby="password-heading" noValidate>
        <h2 id="password-heading" className="text-lg font-semibold">
          Email and password
        </h2>
        <FormMessage message={state.message} />
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <Field
          formId="password-sign-in"
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={state.email}
          errors={state.fieldErrors?.email}
          required
        />
        <Field
          formId="password-sign-in"
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          errors={state.fieldErrors?.password}
          required
        />
        <SubmitButton pendingText="Signing in…">Sign in</SubmitButton>
      </form>
      {state.unconfirmedEmail && <ResendConfirmationForm email={state.unconfirmedEmail} />}
    </div>
  );
}
