"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { signUp, type SignUpState } from "@/app/signup/actions";

export function SignUpForm() {
  const [state, action] = useActionState<SignUpState, FormData>(signUp, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <Field
        formId="sign-up"
        label="Name (optional)"
        name="name"
        autoComplete="name"
        defaultValue={state.values?.name}
        errors={state.fieldErrors?.name}
      />
      <Field
        formId="sign-up"
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={state.values?.email}
        errors={state.fieldErrors?.email}
        required
      />
      <Field
        formId="sign-up"
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters, mixing letters with a digit or symbol."
        errors={state.fieldErrors?.password}
        required
      />
      <SubmitButton pendingText="Creating account…">Create account</SubmitButton>
    </form>
  );
}
