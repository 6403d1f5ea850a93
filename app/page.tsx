import Link from "next/link";
import { z } from "zod";
import { getCurrentSession, MODE_LABELS, setupLabel, SIGN_OUT_STORE_UNAVAILABLE } from "@/lib/auth";
import { labAnswer } from "@/lib/lab/choose";
import { loadChooseFacts } from "@/lib/lab/choose-facts";
import { CitedSentence } from "@/app/_components/cited-sentence";

// Anything else in the query is ignored, never an error.
const searchSchema = z.object({ "sign-out": z.literal("store-unavailable").optional().catch(undefined) });

export default async function HomePage({ searchParams }: PageProps<"/">) {
  const [current, facts] = await Promise.all([getCurrentSession(), loadChooseFacts()]);
  const { status } = current;
  const signOutFailed = searchSchema.parse(await searchParams)["sign-out"] === "store-unavailable" && status !== "signed-out";
  return (
    <div className="space-y-8">
      {signOutFailed && (
        <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-4 font-medium text-amber-900">
          {SIGN_OUT_STORE_UNAVAILABLE}
        </p>
      )}
      <section className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">Server sessions or tokens?</h1>
        <p className="max-w-2xl text-lg text-slate-700">
          Sign in, then switch between a server session (an opaque cookie, and the session kept in PostgreSQL, Redis or this
          server&apos;s memory), a token (the claims in an encrypted cookie), and a hybrid of the two. Every page shows what this
          very request carried and what it cost.
        </p>
      </section>
      <section aria-labelledby="lab-answer" className="space-y-2 rounded-lg border border-indigo-200 bg-white p-5">
        <h2 id="lab-answer" className="font-semibold">
          The lab&apos;s answer
        </h2>
        {labAnswer(facts).map((reason, index) => (
          <p key={index} className="text-slate-700">
            <CitedSentence reason={reason} />
          </p>
        ))}
        <p>
          <Link href="/choose" className="font-medium text-indigo-700 underline">
            Which should I use? Answer five questions about your system
          </Link>
        </p>
      </section>
      <section className="grid gap-4 md:grid-cols-3">
        <div className="rounded-lg border border-sky-200 bg-white p-5">
          <h2 className="font-semibold">{MODE_LABELS.database}</h2>
          <p className="text-sm text-slate-600">State lives on the server, in a store. The cookie is a random key to it.</p>
        </div>
        <div className="rounded-lg border border-amber-200 bg-white p-5">
          <h2 className="font-semibold">{MODE_LABELS.jwt}</h2>
          <p className="text-sm text-slate-600">State lives in the cookie, encrypted with the server&apos;s secret.</p>
        </div>
        <div className="rounded-lg border border-violet-200 bg-white p-5">
          <h2 className="font-semibold">{MODE_LABELS.hybrid}</h2>
          <p className="text-sm text-slate-600">
            State lives on the server. A short-lived token in the cookie answers most reads without asking it.
          </p>
        </div>
      </section>
      <p className="text-sm text-slate-600">
        Switch between the three in{" "}
        <Link href="/settings" className="font-medium text-indigo-700 underline">
          Settings
        </Link>
        ; switching keeps you signed in.
      </p>
      <p>
        This browser is in <strong>{setupLabel(current)}</strong> mode and is{" "}
        {status === "signed-in" ? (
          <>
            signed in. See{" "}
            <Link href="/account" className="font-medium text-indigo-700 underline">
              how this request was authenticated
            </Link>
            .
          </>
        ) : status === "store-unavailable" ? (
          <>perhaps signed in: the session store is not answering, so this server cannot tell right now.</>
        ) : (
          <>
            signed out.{" "}
            <Link href="/signin" className="font-medium text-indigo-700 underline">
              Sign in
            </Link>{" "}
            or{" "}
            <Link href="/signup" className="font-medium text-indigo-700 underline">
              create an account
            </Link>
            .
          </>
        )}
      </p>
    </div>
  );
}
