import Link from "next/link";
import { getEnv } from "@/lib/env";
import { asSessionStoreUnavailable, getCurrentSession } from "@/lib/auth";
import { sampleSessionReadsFor, type SampledRead } from "@/lib/lab/read-stage-sample";
import { medianTrace, stageBar, type StageBar } from "@/lib/lab/read-stage-summary";
import { ReadStagesFigure } from "@/app/_components/read-stages-figure";

const ROUNDS = 5;

function barsOf(sampled: SampledRead[]): StageBar[] {
  return sampled.flatMap((read) => {
    const median = medianTrace(read.traces);
    return median ? [stageBar(median)] : [];
  });
}

/** One session read five ways (database and jwt on both read paths, the hybrid on the lean one), measured while this page is served. */
export async function ReadStagesSection() {
  const signedIn = (await getCurrentSession()).status === "signed-in";
  let sampled: SampledRead[];
  try {
    sampled = await sampleSessionReadsFor(signedIn, getEnv(), ROUNDS);
  } catch (error) {
    if (!asSessionStoreUnavailable(error)) throw error;
    return (
      <section aria-labelledby="read-stages" className="space-y-3">
        <h2 id="read-stages" className="text-xl font-semibold">
          Where one read&apos;s time goes
        </h2>
        <p role="status" className="text-sm text-amber-800">
          The database did not answer, so no session could be read to time its stages. Reload once it is back.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="read-stages" className="space-y-3">
      <h2 id="read-stages" className="text-xl font-semibold">
        Where one read&apos;s time goes
      </h2>
      <p className="text-slate-700">
        {signedIn ? "While this page was served" : "Within the last minute (on every view once you sign in)"}, this server read a
        sample account&apos;s session {ROUNDS} times in each mode, once through Auth.js&apos;s <code>auth()</code> and once
        through the lab&apos;s lean read, which gives the same answers (a differential test holds it to that). The hybrid is read
        on the lean path only, with a token issued just now (the everyday read that touches no store): Auth.js has no hybrid mode,
        so on its path the same token check runs before <code>auth()</code>
        is called. Each bar is the median read, split into its stages. Cool colours are the approach itself: opening a token, or
        looking a session up. Warm colours are what the framework adds: Auth.js builds its configuration on every request, derives
        its keys with HKDF on every decrypt and again to re-encrypt, and re-encrypts the token on every read whether or not
        anything changed.
      </p>
      <ReadStagesFigure
        title="Stages of one session read, by mode and read path, in microseconds"
        bars={barsOf(sampled)}
        testId="read-stages"
      />
      <p className="text-sm text-slate-600">
        Times in one process, for one read at a time. What they do to throughput under load is in the{" "}
        <Link href="#bench" className="text-indigo-700 underline">
          benchmark
        </Link>{" "}
        below.
      </p>
    </section>
  );
}
