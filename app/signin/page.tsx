import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getCurrentSession, authErrorMessage, safeRedirectPath } from "@/lib/auth";
import { ModeBadge } from "@/app/_components/mode-badge";
import { FormMessage } from "@/app/_components/form-message";
import { SessionStoreUnavailable } from "@/app/_components/session-store-unavailable";
import { PasswordSignInForm } from "@/app/signin/password-sign-in-form";
import { MagicLinkForm } from "@/app/signin/magic-link-form";

export const metadata: Metadata = { title: "Sign in" };

const searchSchema = z.object({
  error: z.string().max(64).optional().catch(undefined),
  callbackUrl: z.string().max(512).optional().catch(undefined),
});

export default async function SignInPage({ searchParams }: PageProps<"/signin">) {
  const { error, callbackUrl } = searchSchema.parse(await searchParams);
  const current = await getCurrentSession();
  const { status } = current;
  const target = safeRedirectPath(callbackUrl);
  if (status === "signed-in") redirect(target);
  // Perhaps signed in already, and a sign-in would need the same store: say so rather than offer the forms.
  if (status === "store-unavailable") return <SessionStoreUnavailable />;
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Sign in</h1>
        <p className="text-slate-600">
          You will get a session in this browser&apos;s mode: <ModeBadge setup={current} />. Change it in{" "}
          <Link href="/settings" className="underline">
            Settings
          </Link>{" "}
          at any time.
        </p>
      </div>
      <FormMessage message={authErrorMessage(error)} />
      <div className="grid gap-6 md:grid-cols-2">
        <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <PasswordSignInForm callbackUrl={target} />
          <p className="mt-4 text-sm text-slate-600">
            No account yet?{" "}
            <Link href="/signup" className="font-medium text-indigo-700 underline">
              Create one
            </Link>
          </p>
        </section>
        <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <MagicLinkForm callbackUrl={target} />
        </section>
      </div>
    </div>
  );
}
