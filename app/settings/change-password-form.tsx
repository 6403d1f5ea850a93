"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { changePasswordAction, type ChangePasswordState } from "@/app/settings/actions";

export function ChangePasswordForm() {
  const [state, action] = useActionState<ChangePasswordState, FormData>(changePasswordAction, {});
  return (
    <form action={action} className="space-y-4" aria-labelledby="password-change-heading" noValidate>
      <h2 id="password-change-heading" className="text-lg font-semibold">
        Change password
      </h2>
      <p className="text-sm text-slate-600">
        Every other device is signed out: database sessions at once, tokens when the revocation check is on.
      </p>
      <FormMessage message={state.message} />
      <FormMessage message={state.notice} tone="success" />
      <Field
        formId="password-change"
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        errors={state.fieldErrors?.currentPassword}
      />
      <Field
        formId="password-change"
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters, mixing letters with a digit or symbol."
        errors={state.fieldErrors?.newPassword}
        required
      />
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}
