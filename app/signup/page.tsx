import type { Metadata } from "next";
import Link from "next/link";
import { SignUpForm } from "@/app/signup/sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default function SignUpPage() {
  return (
    <div className="max-w-md space-y-6">
      <h1 className="text-2xl font-bold">Create an account</h1>
      <p className="text-slate-600">We will email you a link to confirm the address; the account works once you open it.</p>
      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <SignUpForm />
      </section>
      <p className="text-sm text-slate-600">
        Already have one?{" "}
        <Link href="/signin" className="font-medium text-indigo-700 underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
