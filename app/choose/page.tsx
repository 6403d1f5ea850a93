import type { Metadata } from "next";
import Link from "next/link";
import { getCurrentSession } from "@/lib/auth";
import { getEnv } from "@/lib/env";
import { answersQuery, answersSchema, recommend, recommendationMarkdown, type ChooseFacts } from "@/lib/lab/choose";
import { loadChooseFacts } from "@/lib/lab/choose-facts";
import { CitedSentence } from "@/app/_components/cited-sentence";
import { QuestionsForm } from "@/app/choose/questions-form";
import { CopyButton } from "@/app/choose/copy-button";

export const metadata: Metadata = { title: "Which should I use?" };

const link = "font-medium text-indigo-700 underline";

type ResultsFile<T> =
  { status: "ok"; results: T } | { status: "missing"; file: string } | { status: "invalid"; file: string; reason: string };

/** One results file as a line: the run that made it, or why it is not there and the command that makes it. */
function sourceLine<T>(
  state: ResultsFile<T>,
  run: (results: T) => { at: string; command: string },
  make: (file: string) => string,
) {
  if (state.status === "ok") {
    const { at, command } = run(state.results);
    return (
      <>
        measured {at.slice(0, 10)} with <code className="break-all">{command}</code>
      </>
    );
  }
  return (
    <>
      {state.status === "missing" ? `${state.file} is missing` : `${state.file} could not be read (${state.reason})`}, so its
      values read &quot;not measured&quot;. Make it with <code className="break-all">{make(state.file)}</code>.
    </>
  );
}

/** Where the cited values come from. */
function Sources({ facts }: { facts: ChooseFacts }) {
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600" aria-label="Where the numbers come from">
      <li>
        Benchmark:{" "}
        {sourceLine(
          facts.bench,
          (results) => ({ at: results.createdAt, command: results.settings.command }),
          (file) => `npm run bench -- --out ${file}`,
        )}
      </li>
      <li>
        Load-balancer check:{" "}
        {sourceLine(
          facts.cluster,
          (results) => ({ at: results.createdAt, command: results.command }),
          (file) => `npm run cluster -- --check --out ${file}`,
        )}
      </li>
      <li>
        Attack table:{" "}
        {sourceLine(
          facts.attacks,
          (results) => ({ at: results.createdAt, command: results.command }),
          (file) => `LAB_ATTACK_RESULTS_OUT=${file} npx playwright test e2e/attacks.spec.ts`,
        )}
      </li>
      <li>Token lifetimes and the revocation check: this server&apos;s own settings, read now.</li>
    </ul>
  );
}

export default async function ChoosePage({ searchParams }: PageProps<"/choose">) {
  const answers = answersSchema.parse(await searchParams);
  const [current, facts] = await Promise.all([getCurrentSession(), loadChooseFacts()]);
  const recommendation = recommend(answers, facts);
  const origin = new URL(getEnv().AUTH_URL ?? "http://localhost:3000").origin;
  const shareUrl = `${origin}/choose?${answersQuery(answers)}`;
  const markdown = recommendationMarkdown(recommendation, shareUrl, origin);
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="text-2xl font-bold">Which should I use?</h1>
        <p className="text-slate-700">
          Five questions about your system, and an answer built on what this lab measured: every number in it links to the row or
          chart on{" "}
          <Link href="/compare" className={link}>
            Compare
          </Link>{" "}
          that shows it. The rules are in <code>docs/choose.md</code>. No sign-in needed.
        </p>
      </section>

      <QuestionsForm answers={answers} accessTokenTtlSeconds={facts.live.accessTokenTtlSeconds} />

      <section aria-labelledby="answer" className="space-y-4 rounded-lg border border-indigo-200 bg-white p-6 shadow-sm">
        <h2 id="answer" className="text-xl font-semibold">
          The answer: <span data-testid="recommendation">{recommendation.title}</span>
        </h2>
        <ul className="list-disc space-y-2 pl-5" aria-label="Why">
          {recommendation.reasons.map((reason, index) => (
            <li key={index}>
              <CitedSentence reason={reason} />
            </li>
          ))}
        </ul>
        <div className="space-y-1 rounded-md bg-slate-50 p-4" aria-labelledby="runner-up">
          <h3 id="runner-up" className="font-semibold">
            Runner-up: <span data-testid="runner-up">{recommendation.runnerUp.title}</span>
          </h3>
          <p>
            <CitedSentence reason={recommendation.runnerUp.reason} />
          </p>
        </div>
        {current.status === "signed-in" ? (
          <p>
            <Link
              href={recommendation.tryIt}
              className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500"
            >
              Try it
            </Link>{" "}
            <span className="text-sm text-slate-600">
              {recommendation.tryIt.startsWith("/spa") ? "in the single-page app" : "in Settings"}, preselected; nothing changes
              until you confirm there.
            </span>
          </p>
        ) : (
          <p className="text-sm text-slate-600">
            <Link href="/signin" className={link}>
              Sign in
            </Link>{" "}
            to try the recommendation here with one click.
          </p>
        )}
      </section>

      <section aria-labelledby="share" className="space-y-3">
        <h2 id="share" className="text-xl font-semibold">
          Share it
        </h2>
        <div className="space-y-1">
          <label htmlFor="share-url" className="block text-sm font-medium">
            Link to this answer
          </label>
          <input
            id="share-url"
            readOnly
            value={shareUrl}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm"
          />
        </div>
        <p className="flex flex-wrap gap-3">
          <CopyButton text={shareUrl} label="Copy link" />
          <CopyButton text={markdown} label="Copy as Markdown" />
        </p>
        <details className="rounded-md border border-slate-200 bg-white p-3">
          <summary className="cursor-pointer text-sm font-medium">The Markdown, for a design document</summary>
          <pre className="mt-2 overflow-x-auto text-xs whitespace-pre-wrap" data-testid="markdown">
            {markdown}
          </pre>
        </details>
      </section>

      <section aria-labelledby="sources" className="space-y-2">
        <h2 id="sources" className="text-xl font-semibold">
          Where the numbers come from
        </h2>
        <Sources facts={facts} />
      </section>
    </div>
  );
}
