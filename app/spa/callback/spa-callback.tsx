"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { completeSignIn, type SignInOutcome } from "@/app/spa/oauth-client";

/** One completion per answer, even when React runs the effect twice (development): the code can be redeemed once. */
const completions = new Map<string, Promise<SignInOutcome>>();

function completeOnce(href: string): Promise<SignInOutcome> {
  let completion = completions.get(href);
  if (!completion) {
    completion = completeSignIn(new URL(href));
    completions.set(href, completion);
  }
  return completion;
}

/**
 * Reads the provider's answer in the address, redeems the code and goes on to /spa (a client-side navigation, so
 * tokens kept in memory survive it). Anything else is explained here, with the way back.
 */
export function SpaCallback() {
  const router = useRouter();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    void completeOnce(window.location.href).then((outcome) => {
      if (outcome.ok) router.replace("/spa");
      // A silent attempt that needs the person: back to the app, where the Sign in button is.
      else if (outcome.silent) router.replace("/spa?notice=silent-sign-in-needs-you");
      else setFailure(outcome.message);
    });
  }, [router]);

  if (failure === undefined) {
    return (
      <p role="status" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        Finishing the sign-in…
      </p>
    );
  }
  return (
    <section aria-labelledby="callback-failed" className="space-y-3 rounded-lg border border-red-200 bg-white p-6 shadow-sm">
      <h2 id="callback-failed" className="text-xl font-semibold">
        Sign-in did not finish
      </h2>
      <p role="alert" className="text-red-800">
        {failure}
      </p>
      <Link href="/spa" className="inline-block font-medium text-indigo-700 underline">
        Back to the single-page app
      </Link>
    </section>
  );
}
